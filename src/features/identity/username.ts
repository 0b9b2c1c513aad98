/**
 * Usernames keep the case people type, but two may not differ only in case: the lower-cased key
 * is unique in the database and is what lookups compare.
 */
export const usernameKey = (username: string) => username.trim().toLowerCase();

/** Escapes LIKE wildcards so a search for "a_c" means those three characters. */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, "\\$&");
