/**
 * Reads Nomad ACL policy rules in the browser, to tell in advance whether the current
 * token may do something (and grey out the button with the reason) instead of letting
 * the user fill a dialog only to get `Permission denied`.
 *
 * Nomad sends policies with their HCL `Rules` text (`RulesJSON` is normally null), so this
 * is a small reader for the part of HCL that policies use: blocks with string labels,
 * `key = "string"`, `key = ["list"]`, and comments. The expansion of `policy = …` and the
 * way several policies combine follow nomad `acl/policy.go` and `acl/acl.go`. Anything it
 * cannot read makes the caller fall back to "unknown", where the server decides.
 */

export interface NamespaceRule {
  name: string;
  /** Explicit capabilities plus what the `policy` shorthand expands to. */
  capabilities: string[];
}

export interface PolicyRules {
  namespaces: NamespaceRule[];
  node?: string;
  agent?: string;
  operator?: string;
}

const READ = [
  'list-jobs',
  'parse-job',
  'read-job',
  'csi-list-volume',
  'csi-read-volume',
  'read-job-scaling',
  'list-scaling-policies',
  'read-scaling-policy',
  'host-volume-read',
];
const WRITE_EXTRA = [
  'scale-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-lifecycle',
  'csi-mount-volume',
  'csi-write-volume',
  'submit-recommendation',
  'host-volume-create',
];
const SCALE = ['list-scaling-policies', 'read-scaling-policy', 'read-job-scaling', 'scale-job', 'read-job'];

/** acl/policy.go `expandNamespacePolicy`. */
export function expandNamespacePolicy(policy: string): string[] {
  switch (policy) {
    case 'deny':
      return ['deny'];
    case 'read':
      return [...READ];
    case 'write':
      return [...READ, ...WRITE_EXTRA];
    case 'scale':
      return [...SCALE, 'submit-recommendation'];
    default:
      return [];
  }
}

// ------------------------------------------------------------------ a tiny HCL reader

type Token = { kind: 'ident' | 'string' | 'punct' | 'number'; text: string };
type Value = string | number | boolean | Value[] | Body;
interface Block {
  type: string;
  labels: string[];
  body: Body;
}
interface Body {
  attributes: Map<string, Value>;
  blocks: Block[];
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated comment');
      i = end + 2;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') i++;
        text += src[i] ?? '';
        i++;
      }
      if (i >= src.length) throw new SyntaxError('unterminated string');
      i++;
      out.push({ kind: 'string', text });
    } else if ('{}[]=,:'.includes(c)) {
      out.push({ kind: 'punct', text: c });
      i++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(src.slice(i))![0];
      out.push({ kind: 'number', text: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))![0];
      out.push({ kind: 'ident', text: m });
      i += m.length;
    } else throw new SyntaxError(`unexpected "${c}"`);
  }
  return out;
}

class Parser {
  private at = 0;
  constructor(private tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
  private next(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new SyntaxError('unexpected end of rules');
    return t;
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text || t.kind !== 'punct') throw new SyntaxError(`expected "${text}", got "${t.text}"`);
  }

  body(closing: boolean): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    for (;;) {
      const t = this.peek();
      if (!t) {
        if (closing) throw new SyntaxError('missing "}"');
        return body;
      }
      if (t.kind === 'punct' && t.text === '}') {
        if (!closing) throw new SyntaxError('unexpected "}"');
        this.at++;
        return body;
      }
      const name = this.next();
      if (name.kind !== 'ident' && name.kind !== 'string') throw new SyntaxError(`unexpected "${name.text}"`);
      const after = this.peek();
      if (after?.kind === 'punct' && (after.text === '=' || after.text === ':')) {
        this.at++;
        body.attributes.set(name.text, this.value());
        continue;
      }
      const labels: string[] = [];
      while (this.peek()?.kind === 'string') labels.push(this.next().text);
      this.expect('{');
      body.blocks.push({ type: name.text, labels, body: this.body(true) });
    }
  }

  private value(): Value {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
    if (t.kind === 'punct' && t.text === '[') {
      const items: Value[] = [];
      while (!(this.peek()?.kind === 'punct' && this.peek()?.text === ']')) {
        items.push(this.value());
        if (this.peek()?.text === ',') this.at++;
      }
      this.at++;
      return items;
    }
    if (t.kind === 'punct' && t.text === '{') return this.body(true);
    throw new SyntaxError(`unexpected "${t.text}"`);
  }
}

const asString = (v: Value | undefined): string => (typeof v === 'string' ? v : '');
const asStrings = (v: Value | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Parses a policy's `Rules`. Throws `SyntaxError` on text it cannot read. */
export function parsePolicyRules(rules: string): PolicyRules {
  const body = new Parser(tokenize(rules)).body(false);
  const out: PolicyRules = { namespaces: [] };
  for (const block of body.blocks) {
    if (block.type === 'namespace') {
      const explicit = asStrings(block.body.attributes.get('capabilities'));
      const shorthand = asString(block.body.attributes.get('policy'));
      out.namespaces.push({
        name: block.labels[0] ?? '',
        capabilities: [...explicit, ...expandNamespacePolicy(shorthand)],
      });
    } else if (block.type === 'node' || block.type === 'agent' || block.type === 'operator') {
      out[block.type] = asString(block.body.attributes.get('policy'));
    }
  }
  return out;
}
