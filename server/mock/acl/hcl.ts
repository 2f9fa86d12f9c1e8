/**
 * The subset of HCL (v1) that Nomad ACL policies use: blocks with string labels,
 * `key = value` attributes (strings, numbers, booleans, lists), and `#`, `//` and
 * `/* *\/` comments. Enough to read any policy the mock stores or a user submits.
 */

export type HclValue = string | number | boolean | HclValue[];

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
}

export interface HclBody {
  attributes: Map<string, HclValue>;
  blocks: HclBlock[];
}

type Token =
  | { t: 'ident'; v: string; line: number }
  | { t: 'string'; v: string; line: number }
  | { t: 'number'; v: number; line: number }
  | { t: 'punct'; v: '{' | '}' | '[' | ']' | '=' | ','; line: number };

export class HclError extends Error {
  override name = 'HclError';
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end === -1) throw new HclError(`At ${line}: unterminated comment`);
      line += src.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if ('{}[]=,'.includes(c)) {
      tokens.push({ t: 'punct', v: c as '{', line });
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        const d = src[i];
        if (d === undefined || d === '\n') throw new HclError(`At ${line}: unterminated string`);
        i++;
        if (d === '"') break;
        if (d === '\\') {
          const e = src[i++];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
          if (e === undefined || map[e] === undefined) throw new HclError(`At ${line}: bad escape`);
          value += map[e];
        } else {
          value += d;
        }
      }
      tokens.push({ t: 'string', v: value, line });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      if (!m) throw new HclError(`At ${line}: illegal char '${c}'`);
      tokens.push({ t: 'number', v: Number(m[0]), line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(src.slice(i))!;
      tokens.push({ t: 'ident', v: m[0], line });
      i += m[0].length;
    } else {
      throw new HclError(`At ${line}: illegal char '${c}'`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private expect(v: string): void {
    const tok = this.tokens[this.pos++];
    if (!tok || tok.t !== 'punct' || tok.v !== v) {
      throw new HclError(`At ${tok?.line ?? 'EOF'}: expected '${v}'`);
    }
  }

  body(closing: boolean): HclBody {
    const body: HclBody = { attributes: new Map(), blocks: [] };
    for (;;) {
      const tok = this.peek();
      if (!tok) {
        if (closing) throw new HclError("At EOF: expected '}'");
        return body;
      }
      if (tok.t === 'punct' && tok.v === '}') {
        if (!closing) throw new HclError(`At ${tok.line}: unexpected '}'`);
        this.pos++;
        return body;
      }
      if (tok.t !== 'ident' && tok.t !== 'string') throw new HclError(`At ${tok.line}: expected a key`);
      this.pos++;
      const next = this.peek();
      if (next?.t === 'punct' && next.v === '=') {
        this.pos++;
        body.attributes.set(tok.v, this.value());
        continue;
      }
      const labels: string[] = [];
      while (this.peek()?.t === 'string') labels.push(this.tokens[this.pos++]!.v as string);
      this.expect('{');
      body.blocks.push({ type: tok.v, labels, body: this.body(true) });
    }
  }

  private value(): HclValue {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new HclError('At EOF: expected a value');
    if (tok.t === 'string' || tok.t === 'number') return tok.v;
    if (tok.t === 'ident' && (tok.v === 'true' || tok.v === 'false')) return tok.v === 'true';
    if (tok.t === 'punct' && tok.v === '[') {
      const items: HclValue[] = [];
      for (;;) {
        const next = this.peek();
        if (next?.t === 'punct' && next.v === ']') {
          this.pos++;
          return items;
        }
        items.push(this.value());
        const sep = this.peek();
        if (sep?.t === 'punct' && sep.v === ',') this.pos++;
        else if (!(sep?.t === 'punct' && sep.v === ']'))
          throw new HclError(`At ${sep?.line ?? 'EOF'}: expected ',' or ']'`);
      }
    }
    throw new HclError(`At ${tok.line}: unexpected token`);
  }
}

export function parseHcl(src: string): HclBody {
  return new Parser(tokenize(src)).body(false);
}
