import { z } from "zod";
import { AppError } from "@/server/errors";
import { defineTool } from "./types";

type Step = { key: string } | { index: number } | { wildcard: true };

/** `$.a.b[0].c`, `a.b.0.c`, `items[*].name`, `a["odd key"]`: a small, safe subset of JSONPath. */
export function parsePath(path: string): Step[] {
  const text = path.trim().replace(/^\$\.?/, "");
  const steps: Step[] = [];
  const pattern = /\.?([^.[\]]+)|\[(\d+)\]|\[\*\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match || match[0] === "") throw new AppError("BAD_REQUEST", `Cannot read the path at "${text.slice(position)}"`);
    if (match[1] !== undefined) steps.push(match[1] === "*" ? { wildcard: true } : /^\d+$/.test(match[1]) ? { index: Number(match[1]) } : { key: match[1] });
    else if (match[2] !== undefined) steps.push({ index: Number(match[2]) });
    else if (match[3] !== undefined || match[4] !== undefined) steps.push({ key: (match[3] ?? match[4]).replace(/\\(.)/g, "$1") });
    else steps.push({ wildcard: true });
    position = pattern.lastIndex;
  }
  return steps;
}

export function extract(value: unknown, steps: Step[]): { found: boolean; value: unknown } {
  let current: unknown[] = [value];
  let spread = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of current) {
      if ("wildcard" in step) {
        if (Array.isArray(item)) next.push(...item);
        else if (item && typeof item === "object") next.push(...Object.values(item));
      } else if ("index" in step) {
        if (Array.isArray(item) && step.index < item.length) next.push(item[step.index]);
        else if (item && typeof item === "object" && Object.hasOwn(item, String(step.index))) next.push((item as Record<string, unknown>)[String(step.index)]);
      } else if (item && typeof item === "object" && Object.hasOwn(item, step.key)) {
        next.push((item as Record<string, unknown>)[step.key]);
      }
    }
    if ("wildcard" in step) spread = true;
    current = next;
  }
  if (spread) return { found: current.length > 0, value: current };
  return current.length ? { found: true, value: current[0] } : { found: false, value: null };
}

export const jsonExtract = defineTool({
  name: "json_extract",
  description: "Pick a value out of JSON by path: \"$.user.name\", \"items[0].price\", \"items[*].id\" (wildcards return a list). `json` may be JSON text or an already parsed value.",
  inputSchema: z.object({
    json: z.unknown().describe("JSON text, or the JSON value itself"),
    path: z.string().trim().min(1).max(500).describe("Dot path, e.g. $.items[0].name"),
  }),
  async execute(_ctx, { json, path }) {
    let value = json;
    if (typeof json === "string") {
      try {
        value = JSON.parse(json);
      } catch {
        throw new AppError("BAD_REQUEST", "`json` is a string but not valid JSON");
      }
    }
    return { path, ...extract(value, parsePath(path)) };
  },
});
