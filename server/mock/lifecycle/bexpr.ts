/**
 * A go-bexpr subset for list endpoints' `?filter=` (hashicorp/go-bexpr, as Nomad's paginator
 * uses it): `==`, `!=`, `is [not] empty`, `[not] in`, `[not] contains`, `[not] matches`,
 * `and` / `or` / `not` and parentheses, over dotted selectors (`TaskStates.web.State`,
 * `Job.Type`). Values are double-quoted or backtick strings, numbers or booleans. A syntax
 * error throws `BexprSyntaxError`, a selector that names no field `BexprEvalError`; the
 * caller wraps them in Nomad's paginator texts.
 */

export class BexprSyntaxError extends Error {
  override name = 'BexprSyntaxError';
}
export class BexprEvalError extends Error {
  override name = 'BexprEvalError';
}

type Value = string | number | boolean;
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; expr: Node }
  | { kind: 'eq' | 'ne' | 'contains' | 'ncontains' | 'matches' | 'nmatches'; selector: string[]; value: Value }
  | { kind: 'in' | 'nin'; selector: string[]; value: Value }
  | { kind: 'empty' | 'nempty'; selector: string[] };

interface Token {
  type: 'word' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'eof';
  text: string;
  pos: number;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (pos: number) => {
    throw new BexprSyntaxError(`1:${pos + 1} (${pos}): no match found, expected a selector, a value or an operator`);
  };
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', text: c, pos: i++ });
    } else if (c === '=' || c === '!') {
      if (input[i + 1] !== '=') fail(i);
      tokens.push({ type: 'op', text: `${c}=`, pos: start });
      i += 2;
    } else if (c === '"') {
      let out = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) {
          const n = input[i + 1]!;
          out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          i += 2;
        } else out += input[i++];
      }
      if (i >= input.length) fail(input.length);
      i++;
      tokens.push({ type: 'string', text: out, pos: start });
    } else if (c === '`') {
      const end = input.indexOf('`', i + 1);
      if (end < 0) fail(input.length);
      tokens.push({ type: 'string', text: input.slice(i + 1, end), pos: start });
      i = end + 1;
    } else if (/[-0-9]/.test(c) && /^-?\d/.test(input.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i))!;
      tokens.push({ type: 'number', text: m[0], pos: start });
      i += m[0].length;
    } else if (/[A-Za-z0-9_.\-/[\]]/.test(c)) {
      const m = /^[A-Za-z0-9_.\-/[\]]+/.exec(input.slice(i))!;
      tokens.push({ type: 'word', text: m[0], pos: start });
      i += m[0].length;
    } else {
      fail(i);
    }
  }
  tokens.push({ type: 'eof', text: '', pos: input.length });
  return tokens;
}

function parseSelector(tok: Token): string[] {
  if (tok.type !== 'word' || !/^[A-Za-z_]/.test(tok.text)) {
    throw new BexprSyntaxError(`1:${tok.pos + 1} (${tok.pos}): no match found, expected a selector`);
  }
  return tok.text.split('.').filter((p) => p !== '');
}

export function parseBexpr(input: string): Node {
  const tokens = tokenize(input);
  let p = 0;
  const peek = () => tokens[p]!;
  const next = () => tokens[p++]!;
  const isWord = (w: string, t = peek()) => t.type === 'word' && t.text === w;
  const expected = (what: string): never => {
    const t = peek();
    throw new BexprSyntaxError(`1:${t.pos + 1} (${t.pos}): no match found, expected ${what}`);
  };
  const value = (): Value => {
    const t = next();
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'word' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
    if (t.type === 'word') return t.text;
    p--;
    return expected('a value');
  };

  const primary = (): Node => {
    if (peek().type === 'lparen') {
      next();
      const e = or();
      if (peek().type !== 'rparen') expected('")"');
      next();
      return e;
    }
    // `"value" in Selector` starts with a value.
    const second = tokens[p + 1]!;
    const third = tokens[p + 2]!;
    if (peek().type !== 'word' || isWord('in', second) || (isWord('not', second) && isWord('in', third))) {
      const v = value();
      const negate = isWord('not');
      if (negate) next();
      if (!isWord('in')) expected('"in"');
      next();
      return { kind: negate ? 'nin' : 'in', selector: parseSelector(next()), value: v };
    }
    const selector = parseSelector(next());
    const t = peek();
    if (t.type === 'op') {
      next();
      return { kind: t.text === '==' ? 'eq' : 'ne', selector, value: value() };
    }
    if (isWord('is')) {
      next();
      const negate = isWord('not');
      if (negate) next();
      if (!isWord('empty')) expected('"empty"');
      next();
      return { kind: negate ? 'nempty' : 'empty', selector };
    }
    const negate = isWord('not');
    if (negate) next();
    if (isWord('contains')) {
      next();
      return { kind: negate ? 'ncontains' : 'contains', selector, value: value() };
    }
    if (isWord('matches')) {
      next();
      return { kind: negate ? 'nmatches' : 'matches', selector, value: value() };
    }
    return expected('"==", "!=", "is", "contains", "matches" or "in"');
  };
  const not = (): Node => {
    if (isWord('not')) {
      next();
      return { kind: 'not', expr: not() };
    }
    return primary();
  };
  const and = (): Node => {
    let left = not();
    while (isWord('and')) {
      next();
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (isWord('or')) {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (peek().type !== 'eof') expected('"and", "or" or the end of the expression');
  return tree;
}

function lookup(datum: unknown, selector: string[]): unknown {
  let cur: unknown = datum;
  selector.forEach((part, i) => {
    if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && part in (cur as object)) {
      cur = (cur as Record<string, unknown>)[part];
      return;
    }
    if (cur === null || cur === undefined) {
      cur = undefined;
      return;
    }
    const what = typeof cur === 'object' && !Array.isArray(cur) ? `struct field with name "${part}"` : `key "${part}"`;
    throw new BexprEvalError(
      `error finding value in datum: /${selector.join('/')} at part ${i}: couldn't find key: ${what}`,
    );
  });
  return cur;
}

function equal(field: unknown, v: Value): boolean {
  if (field === null || field === undefined) return false;
  if (typeof field === 'boolean') return String(field) === String(v);
  if (typeof field === 'number') return field === Number(v);
  return String(field) === String(v);
}

function contains(field: unknown, v: Value): boolean {
  if (typeof field === 'string') return field.includes(String(v));
  if (Array.isArray(field)) return field.some((x) => equal(x, v));
  if (field && typeof field === 'object') return String(v) in field;
  return false;
}

function isEmpty(field: unknown): boolean {
  if (field === null || field === undefined || field === '') return true;
  if (Array.isArray(field)) return field.length === 0;
  if (typeof field === 'object') return Object.keys(field).length === 0;
  return false;
}

export function evaluateBexpr(node: Node, datum: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateBexpr(node.left, datum) && evaluateBexpr(node.right, datum);
    case 'or':
      return evaluateBexpr(node.left, datum) || evaluateBexpr(node.right, datum);
    case 'not':
      return !evaluateBexpr(node.expr, datum);
    case 'eq':
      return equal(lookup(datum, node.selector), node.value);
    case 'ne':
      return !equal(lookup(datum, node.selector), node.value);
    case 'in':
    case 'contains':
      return contains(lookup(datum, node.selector), node.value);
    case 'nin':
    case 'ncontains':
      return !contains(lookup(datum, node.selector), node.value);
    case 'matches':
    case 'nmatches': {
      const field = lookup(datum, node.selector);
      let re: RegExp;
      try {
        re = new RegExp(String(node.value));
      } catch (err) {
        throw new BexprEvalError(`failed to compile regular expression: ${err instanceof Error ? err.message : ''}`);
      }
      const hit = typeof field === 'string' && re.test(field);
      return node.kind === 'matches' ? hit : !hit;
    }
    case 'empty':
      return isEmpty(lookup(datum, node.selector));
    case 'nempty':
      return !isEmpty(lookup(datum, node.selector));
  }
}

/** Compiles `filter` once; the predicate throws BexprEvalError for an unknown selector. */
export function compileBexpr(filter: string): (datum: unknown) => boolean {
  const tree = parseBexpr(filter);
  return (datum) => evaluateBexpr(tree, datum);
}
