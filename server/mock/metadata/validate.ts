/**
 * `NodeMetaApplyRequest.Validate` (nomad/structs): a non-empty Meta object whose keys are
 * dotted HCL identifiers — each dot-separated part starts with a Unicode letter (ID_Start)
 * or `_` and continues with ID_Continue characters or `-` (hclsyntax.ValidIdentifier).
 */

const HCL_IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

export function isValidMetaKey(key: string): boolean {
  return key.split('.').every((part) => HCL_IDENTIFIER.test(part));
}

/** Go's `%q` for a string: double quotes, Go escapes, printable Unicode kept as is. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\u0007') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch))
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The validation error text Nomad answers with (400), or undefined when the request is valid. */
export function validateMetaRequest(meta: Record<string, string | null> | null | undefined): string | undefined {
  if (!meta || Object.keys(meta).length === 0) return 'missing required Meta object';
  for (const key of Object.keys(meta)) {
    if (key === '') return 'metadata keys must not be empty';
    if (!isValidMetaKey(key)) return `${goQuote(key)} is invalid; metadata keys must be valid dotted hcl identifiers`;
  }
  return undefined;
}
