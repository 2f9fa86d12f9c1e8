/**
 * Dynamic node metadata key validation, identical to Nomad's
 * (`NodeMetaApplyRequest.Validate` in nomad/structs/node.go): every dot-separated part must
 * be an HCL identifier, `(ID_Start | "_") (ID_Continue | "-")*`, because keys are meant to
 * be used in constraints as interpolated HCL variables. The messages are Nomad's, so the
 * form says exactly what the server would have said, without sending anything.
 */

const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/** Go's `%q` for a string (strconv.Quote), so our message matches Nomad's byte for byte. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\u0007') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== ' ')) {
      out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Nomad's error text for `key`, or undefined when Nomad accepts it. */
export function metaKeyError(key: string): string | undefined {
  if (key === '') return 'metadata keys must not be empty';
  for (const part of key.split('.')) {
    if (!IDENTIFIER.test(part)) return `${goQuote(key)} is invalid; metadata keys must be valid dotted hcl identifiers`;
  }
  return undefined;
}
