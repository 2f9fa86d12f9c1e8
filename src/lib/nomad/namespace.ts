/** `namespace=*` asks for every namespace the token may read. */
export const ALL_NAMESPACES = '*';
/** What Nomad uses when a request names no namespace. */
export const DEFAULT_NAMESPACE = 'default';
