/**
 * `NodeMetaApplyRequest.Validate` (nomad/structs): a non-empty Meta object whose keys are
 * dotted HCL identifiers — each dot-separated part starts with a Unicode letter (ID_Start)
 * or `_` and continues with ID_Continue characters or `-` (hclsyntax.ValidIdentifier).
 */

import { goQuote } from '../../http/go-strconv.ts';

const HCL_IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

export function isValidMetaKey(key: string): boolean {
  return key.split('.').every((part) => HCL_IDENTIFIER.test(part));
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
