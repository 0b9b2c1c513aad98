/**
 * Sample and hostile values derived from an operation's JSON Schema (as the OpenAPI document gives
 * it), for the fuzz test: a plausible value of every shape, and ways to spoil it.
 */
export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  minLength?: number;
  default?: unknown;
};

export const SAMPLE_UUID = "00000000-0000-4000-8000-000000000000";

/** A value that fits the schema as far as cheaply possible (formats, enums, required members). */
export function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const branch = schema.anyOf ?? schema.oneOf;
  if (branch?.length) return sample(branch.find((b) => b.type !== "null") ?? branch[0], depth + 1);
  if (schema.allOf?.length) return sample(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return sampleString(schema);
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return true;
    case "array":
      return [sample(schema.items, depth + 1)];
    case "object":
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = sample(child, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema) {
  switch (schema.format) {
    case "uuid":
      return SAMPLE_UUID;
    case "email":
      return "fuzz@example.com";
    case "date-time":
      return "2026-03-07T09:00:00Z";
    case "date":
      return "2026-03-07";
    case "uri":
      return "https://example.com/";
    default:
      return "x".repeat(Math.max(schema.minLength ?? 1, 1));
  }
}

/** Replaces every string (leaf) in a value using `spoil`, keeping the shape. */
export function mapStrings(value: unknown, spoil: (s: string) => unknown): unknown {
  if (typeof value === "string") return spoil(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, spoil));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, spoil)]));
  return value;
}

/** Replaces every member's value with `bad`, keeping the keys (wrong types, huge numbers). */
export function replaceMembers(value: unknown, bad: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return bad;
  return Object.fromEntries(Object.keys(value).map((k) => [k, bad]));
}

/** Strings that look like dates become year 0000 / 9999; other strings are left as they are. */
export function extremeDates(value: unknown, year: "0000" | "9999"): unknown {
  return mapStrings(value, (s) => (/^\d{4}-\d{2}-\d{2}/.test(s) ? `${year}${s.slice(4)}` : s));
}

export const deeplyNested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
