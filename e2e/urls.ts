/** The two servers the browser tests run against: ACLs off (default) and on. */
export const BASE_URL = 'http://127.0.0.1:4781';
export const ACL_URL = 'http://127.0.0.1:4782';
