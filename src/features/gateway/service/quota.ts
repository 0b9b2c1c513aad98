import "server-only";
import type { Db } from "@/server/db/client";
import { log } from "@/server/log";
import { guardedFetch } from "@/server/outbound";
import { specOf } from "@/features/models/service/configs";
import { gatewayConfig } from "../config";
import type { Target } from "./routing";

/**
 * A provider's remaining quota, from the providers that publish it: DeepSeek's balance
 * (`GET <origin>/user/balance`) and OpenRouter's credits (`GET <base>/credits`). Others read
 * "unknown" and count as available. Answers are cached per provider for GATEWAY_QUOTA_TTL_MS (60 s);
 * a stale answer is served while a fresh one is fetched, so only a provider's first request waits.
 */
export interface Quota {
  provider: string;
  /** false only when the provider said so (no balance, no credits); unknown counts as available. */
  available: boolean;
  source: "deepseek" | "openrouter" | "builtin" | "unknown";
  balance?: number;
  usedPercent?: number;
  summary: string;
  checkedAt: number;
}

type Source = "deepseek" | "openrouter" | "none";
const cache = new Map<string, { value: Quota; at: number; refreshing?: Promise<Quota> }>();
const QUOTA_FETCH = { timeoutMs: 5000, maxBytes: 64 * 1024 };

export function forgetQuota(id?: string) {
  if (id) cache.delete(id);
  else cache.clear();
}

/** The quota source a config uses: the stored setting, or (auto) a guess from its base URL. */
export function sourceOf(target: Target, setting: string | undefined): Source {
  if (setting === "deepseek" || setting === "openrouter" || setting === "none") return setting;
  const host = hostOf(target.config?.baseUrl);
  if (host === "api.deepseek.com") return "deepseek";
  if (host === "openrouter.ai") return "openrouter";
  return "none";
}

export async function quotaOf(db: Db, target: Target, setting: string | undefined): Promise<Quota> {
  const source = target.provider === "builtin" ? "builtin" : sourceOf(target, setting);
  if (source === "builtin") return { provider: target.name, available: true, source, summary: "Local - always available", checkedAt: Date.now() };
  if (source === "none") return { provider: target.name, available: true, source: "unknown", summary: "Quota unknown (the provider publishes none)", checkedAt: Date.now() };
  const key = `${target.id}:${source}:${target.config?.updatedAt.getTime() ?? 0}`;
  const hit = cache.get(key);
  const fresh = hit && Date.now() - hit.at < gatewayConfig().GATEWAY_QUOTA_TTL_MS;
  if (hit && fresh) return hit.value;
  if (hit) {
    hit.refreshing ??= refresh(key, target, source);
    return hit.value;
  }
  return refresh(key, target, source);
}

async function refresh(key: string, target: Target, source: "deepseek" | "openrouter"): Promise<Quota> {
  let value: Quota;
  try {
    value = source === "deepseek" ? await deepseekBalance(target) : await openrouterCredits(target);
  } catch (error) {
    log.warn("could not read a provider's quota", { provider: target.name, err: error });
    value = { provider: target.name, available: true, source, summary: "Quota unknown (the provider did not answer)", checkedAt: Date.now() };
  }
  cache.set(key, { value, at: Date.now() });
  return value;
}

async function getJson(target: Target, url: string) {
  const spec = specOf(target.config!);
  const response = await guardedFetch(url, { headers: { authorization: `Bearer ${spec.apiKey ?? ""}`, accept: "application/json" } }, QUOTA_FETCH);
  if (!response.ok) throw new Error(`quota endpoint answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

async function deepseekBalance(target: Target): Promise<Quota> {
  const origin = new URL(target.config!.baseUrl!).origin;
  const body = (await getJson(target, `${origin}/user/balance`)) as {
    is_available?: boolean;
    balance_infos?: { currency?: string; total_balance?: string }[];
  };
  const info = body.balance_infos?.[0];
  const balance = Number(info?.total_balance ?? 0);
  const symbol = info?.currency === "CNY" ? "¥" : info?.currency === "USD" ? "$" : `${info?.currency ?? ""} `;
  const available = body.is_available !== false && balance > 0;
  return { provider: target.name, available, source: "deepseek", balance, summary: `Balance: ${symbol}${balance.toFixed(2)}`, checkedAt: Date.now() };
}

async function openrouterCredits(target: Target): Promise<Quota> {
  const base = target.config!.baseUrl!.replace(/\/+$/, "");
  const body = (await getJson(target, `${base}/credits`)) as { data?: { total_credits?: number; total_usage?: number } };
  const total = Number(body.data?.total_credits ?? 0);
  const used = Number(body.data?.total_usage ?? 0);
  const left = Math.max(0, total - used);
  const usedPercent = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 100;
  return { provider: target.name, available: left > 0, source: "openrouter", balance: Number(left.toFixed(4)), usedPercent, summary: `Credits: ${left.toFixed(2)}, used ${usedPercent}%`, checkedAt: Date.now() };
}

function hostOf(url: string | null | undefined) {
  try {
    return url ? new URL(url).hostname : null;
  } catch {
    return null;
  }
}
