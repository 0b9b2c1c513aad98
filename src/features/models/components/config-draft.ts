import type { ModelConfigDto } from "../schemas";

const BUILTIN_MODEL_ID = "atrium-echo-1";

export interface Draft {
  name: string;
  provider: "openai-compatible" | "openai" | "anthropic" | "builtin";
  base_url: string;
  model_name: string;
  api_key: string;
  remove_key: boolean;
  temperature: string;
  max_tokens: string;
  is_default: boolean;
}

export function draftOf(c: ModelConfigDto | null): Draft {
  return {
    name: c?.name ?? "",
    provider: c?.provider ?? "openai-compatible",
    base_url: c?.base_url ?? "",
    model_name: c?.model_name ?? "",
    api_key: "",
    remove_key: false,
    temperature: c?.temperature === null || c?.temperature === undefined ? "" : String(c.temperature),
    max_tokens: c?.max_tokens === null || c?.max_tokens === undefined ? "" : String(c.max_tokens),
    is_default: c?.is_default ?? false,
  };
}

/** The create body, or for an edit the same fields; the key only when typed (or null to remove it). */
export function patchOf(d: Draft) {
  const builtin = d.provider === "builtin";
  const body: Record<string, unknown> = {
    name: d.name.trim(),
    provider: d.provider,
    base_url: builtin ? null : d.base_url.trim() || null,
    temperature: d.temperature === "" ? null : Number(d.temperature),
    max_tokens: d.max_tokens === "" ? null : Number(d.max_tokens),
    is_default: d.is_default,
  };
  body.model_name = builtin ? BUILTIN_MODEL_ID : d.model_name.trim();
  if (d.remove_key) body.api_key = null;
  else if (d.api_key.trim()) body.api_key = d.api_key.trim();
  return body;
}
