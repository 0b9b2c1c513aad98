import { AppError } from "../errors";

/** Deeper JSON than this is refused before parsing: no wire shape of ours nests past a dozen levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH with one linear scan of the text, before anything
 * recursive (validation, serialisation) can overflow the stack on it.
 */
export function assertJsonDepth(text: string, limit = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) throw new AppError("BAD_REQUEST", `JSON nested deeper than ${limit} levels`);
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
}

/**
 * Postgres cannot store NUL characters in text; a client that sends one gets a 422 naming the field
 * instead of a database error. Walks strings and object keys (depth is already bounded).
 */
export function assertNoNul(value: unknown, where: string): void {
  const path = nulPath(value, where, 0);
  if (path !== null) {
    const issues = [{ path, message: "NUL characters (\\u0000) are not allowed" }];
    throw new AppError("VALIDATION_ERROR", `Invalid ${where}: ${path} contains a NUL character`, { issues });
  }
}

function nulPath(value: unknown, path: string, depth: number): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (value === null || typeof value !== "object" || depth > MAX_JSON_DEPTH) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\u0000")) return `${path}.${JSON.stringify(key)}`;
    const found = nulPath(child, `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
