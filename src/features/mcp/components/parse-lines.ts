/** Form text to the API's shapes: one item a line, blank lines ignored. */
export const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * `KEY=value` (environment) or `Name: value` (headers) lines to a record; the first separator splits,
 * so values may hold more of them. Returns the first malformed line instead when there is one.
 */
export function pairs(text: string, separator: "=" | ":"): { ok: Record<string, string> } | { bad: string } {
  const out: Record<string, string> = {};
  for (const line of lines(text)) {
    const at = line.indexOf(separator);
    if (at <= 0) return { bad: line };
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { ok: out };
}
