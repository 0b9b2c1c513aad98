import { afterEach, describe, expect, it } from "vitest";
import { breakers } from "@/features/gateway/service/dispatch";
import { forgetQuota } from "@/features/gateway/service/quota";
import { BUILTIN_MODEL_ID } from "@/server/llm";
import { setupGatewayStubs } from "../support/gateway-stubs";
import { gatewayUser, getRoot } from "../support/gateway-client";
import { setupApi, withEnv } from "../support/harness";
import { deadPort } from "../support/stub-provider";
import { callerFor } from "../support/trpc";

/** Fallback chains, retries, circuit breakers, quotas and rate limits, against local stub providers. */
const api = setupApi();
const stubs = setupGatewayStubs(2);
let undoEnv = () => {};
afterEach(() => {
  undoEnv();
  undoEnv = () => {};
  breakers().reset();
  forgetQuota();
  for (const s of stubs) {
    s.balance = null;
    s.credits = null;
  }
});

const ask = (content: string) => [{ role: "user" as const, content }];

/** A user whose model "deepseek-chat" goes to stubs[0] ("Primary") then stubs[1] ("Backup"). */
async function chainedUser(tag: string) {
  const who = await gatewayUser(api.http, api.db, tag);
  const primary = await who.addConfig({ name: "Primary", base_url: stubs[0].baseUrl, model_name: "deepseek-chat", api_key: "sk-primary" });
  const backup = await who.addConfig({ name: "Backup", base_url: stubs[1].baseUrl, model_name: "backup-model", api_key: "sk-backup" });
  await callerFor(api.db, who.id).gateway.routes.create({ pattern: "deepseek-*", chain: [primary.id, backup.id] });
  return { ...who, primary, backup };
}

describe("routing and fallback", () => {
  it("falls back to the next provider of the chain when the first fails, without the caller noticing", async () => {
    undoEnv = withEnv({ GATEWAY_RETRY_ATTEMPTS: "1" });
    const ana = await chainedUser("ana");
    stubs[0].failNext(1, 500);
    const before = [stubs[0].calls, stubs[1].calls];
    const response = await ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("hello") }).withResponse();
    expect(response.data.choices[0].message.content).toBe("Hello from the stub model. You said: hello");
    expect([stubs[0].calls - before[0], stubs[1].calls - before[1]]).toEqual([1, 1]);
    expect(response.response.headers.get("x-atrium-provider")).toBe("Backup");
    expect(stubs[1].authorizations.at(-1)).toBe("Bearer sk-backup");
    // Both calls are in the ledger: the failed one and the answer.
    const rows = () => api.db.modelCall.findMany({ where: { userId: ana.id }, orderBy: { createdAt: "asc" } }).then((found) => found.map((r) => [r.model, r.status]).sort());
    await expect.poll(rows).toEqual([
      ["backup-model", "ok"],
      ["deepseek-chat", "error"],
    ]);
  });

  it("retries a 429 or 5xx on the same provider before the first byte, then answers", async () => {
    undoEnv = withEnv({ GATEWAY_RETRY_ATTEMPTS: "3", GATEWAY_RETRY_BASE_MS: "1" });
    const ana = await chainedUser("ana");
    stubs[0].failNext(1, 429);
    stubs[0].failNext(1, 503);
    const before = [stubs[0].calls, stubs[1].calls];
    const stream = await ana.client.chat.completions.create({ model: "deepseek-chat", stream: true, messages: ask("retry me") });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Hello from the stub model. You said: retry me");
    expect([stubs[0].calls - before[0], stubs[1].calls - before[1]]).toEqual([3, 0]);
  });

  it("does not retry or fall back on the caller's own mistake (a 400 from the provider)", async () => {
    const ana = await chainedUser("ana");
    stubs[0].failNext(1, 400);
    const before = stubs[1].calls;
    await expect(ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("bad") })).rejects.toMatchObject({ status: 400 });
    expect(stubs[1].calls).toBe(before);
  });

  it("answers 502 in OpenAI's shape when every provider fails, and 404 for a model nothing serves", async () => {
    undoEnv = withEnv({ GATEWAY_RETRY_ATTEMPTS: "1" });
    const ana = await chainedUser("ana");
    stubs[0].failNext(1, 500);
    stubs[1].failNext(1, 500);
    const error = await ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("x") }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, type: "server_error", code: "provider_error" });
    expect((error as Error).message).toMatch(/Primary.*Backup/);
    await expect(ana.client.chat.completions.create({ model: "gpt-9", messages: ask("x") })).rejects.toMatchObject({ status: 404, code: "model_not_found" });
  });

  it("falls back past a provider that refuses connections; a config whose host does not exist is the caller's to fix (400)", async () => {
    undoEnv = withEnv({ GATEWAY_RETRY_ATTEMPTS: "1" });
    const ana = await gatewayUser(api.http, api.db, "ana");
    const dead = await ana.addConfig({ name: "Dead", base_url: `http://127.0.0.1:${await deadPort()}/v1`, model_name: "m" });
    const live = await ana.addConfig({ name: "Live", base_url: stubs[1].baseUrl, model_name: "live-model" });
    await callerFor(api.db, ana.id).gateway.routes.create({ pattern: "m", chain: [dead.id, live.id] });
    const answered = await ana.client.chat.completions.create({ model: "m", messages: ask("anyone?") }).withResponse();
    expect(answered.response.headers.get("x-atrium-provider")).toBe("Live");
    expect(answered.response.headers.get("x-atrium-fallbacks")).toBe("1");

    await ana.addConfig({ name: "Typo", base_url: "http://no-such-host.invalid/v1", model_name: "typo-model" });
    await expect(ana.client.chat.completions.create({ model: "typo-model", messages: ask("x") })).rejects.toMatchObject({ status: 400, code: "provider_misconfigured" });
  });

  it("a route may only name the caller's own model configs", async () => {
    const ana = await chainedUser("ana");
    const ben = await gatewayUser(api.http, api.db, "ben");
    await expect(callerFor(api.db, ben.id).gateway.routes.create({ pattern: "steal-*", chain: [ana.primary.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("circuit breaker", () => {
  it("opens after N failures (the provider is skipped), then lets one half-open probe through and closes on its success", async () => {
    undoEnv = withEnv({ GATEWAY_RETRY_ATTEMPTS: "1", GATEWAY_BREAKER_FAILURES: "2", GATEWAY_BREAKER_COOLDOWN_MS: "300" });
    const ana = await chainedUser("ana");
    stubs[0].failNext(2, 500);
    for (let i = 0; i < 2; i++) await ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask(`fail ${i}`) });
    const health = await getRoot(api.http, "/model-gateway/health", ana.token);
    expect(health.body.providers_unavailable).toEqual(expect.arrayContaining([{ name: "Primary", summary: expect.stringMatching(/^Circuit open/) }]));

    const primaryBefore = stubs[0].calls;
    const skipped = await ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("skip") }).withResponse();
    expect(stubs[0].calls).toBe(primaryBefore);
    expect(skipped.response.headers.get("x-atrium-provider")).toBe("Backup");

    await new Promise((resolve) => setTimeout(resolve, 350));
    const probed = await ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("probe") }).withResponse();
    expect(stubs[0].calls).toBe(primaryBefore + 1);
    expect(probed.response.headers.get("x-atrium-provider")).toBe("Primary");
    const after = await getRoot(api.http, "/model-gateway/health", ana.token);
    expect(after.body.providers_available).toEqual(expect.arrayContaining([expect.objectContaining({ name: "Primary" })]));
  });

  it("answers 503 (no provider) when every circuit of the chain is open", async () => {
    undoEnv = withEnv({ GATEWAY_RETRY_ATTEMPTS: "1", GATEWAY_BREAKER_FAILURES: "1", GATEWAY_BREAKER_COOLDOWN_MS: "60000" });
    const ana = await chainedUser("ana");
    stubs[0].failNext(1, 500);
    stubs[1].failNext(1, 500);
    await expect(ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("x") })).rejects.toMatchObject({ status: 502 });
    const before = stubs[0].calls + stubs[1].calls;
    await expect(ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("x") })).rejects.toMatchObject({ status: 503, code: "no_provider_available" });
    expect(stubs[0].calls + stubs[1].calls).toBe(before);
  });
});

describe("quota", () => {
  it("skips a DeepSeek provider whose balance is spent, reports balances on /model-gateway/quota, and caches them", async () => {
    const ana = await chainedUser("ana");
    const caller = callerFor(api.db, ana.id);
    await caller.gateway.setQuotaSource({ modelConfigId: ana.primary.id, source: "deepseek" });
    await caller.gateway.setQuotaSource({ modelConfigId: ana.backup.id, source: "openrouter" });
    stubs[0].balance = { is_available: false, total: "0.00" };
    stubs[1].credits = { total_credits: 10, total_usage: 2.5 };
    const before = stubs[0].calls;
    const answer = await ana.client.chat.completions.create({ model: "deepseek-chat", messages: ask("quota") }).withResponse();
    expect(answer.response.headers.get("x-atrium-provider")).toBe("Backup");
    expect(stubs[0].calls).toBe(before);

    const quota = await getRoot(api.http, "/model-gateway/quota", ana.token);
    expect(quota.status).toBe(200);
    expect(quota.body.Primary).toEqual({ provider: "Primary", available: false, balance: 0, summary: "Balance: ¥0.00" });
    expect(quota.body.Backup).toEqual({ provider: "Backup", available: true, balance: 7.5, usedPercent: 25, summary: "Credits: 7.50, used 25%" });
    expect(quota.body.builtin).toMatchObject({ available: true, summary: "Local - always available" });
    const reads = stubs[0].quotaReads;
    await getRoot(api.http, "/model-gateway/quota", ana.token);
    expect(stubs[0].quotaReads).toBe(reads);

    const health = await getRoot(api.http, "/model-gateway/health", ana.token);
    expect(health.body).toMatchObject({ status: "ok", timestamp: expect.any(Number) });
    expect(health.body.providers_unavailable).toEqual([{ name: "Primary", summary: "Balance: ¥0.00" }]);
  });

  it("/model-gateway endpoints need a key and answer in seed 001's error shape", async () => {
    const res = await getRoot(api.http, "/model-gateway/quota");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
  });
});

describe("rate limits per key", () => {
  it("counts requests a minute, says so in x-ratelimit headers, and refuses with 429 and Retry-After", async () => {
    undoEnv = withEnv({ GATEWAY_RPM: "2" });
    const ana = await gatewayUser(api.http, api.db, "ana");
    const model = BUILTIN_MODEL_ID;
    const ok = await ana.client.chat.completions.create({ model, messages: ask("1") }).withResponse();
    expect(ok.response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(ok.response.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    await ana.client.chat.completions.create({ model, messages: ask("2") });
    const refused = await fetch(`${api.http.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${ana.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages: ask("3") }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(await refused.json()).toEqual({ error: { message: expect.stringMatching(/2 requests per minute/), type: "rate_limit_error", param: null, code: "rate_limit_exceeded" } });
    // Another key is not affected.
    const ben = await gatewayUser(api.http, api.db, "ben");
    await expect(ben.client.chat.completions.create({ model, messages: ask("fine") })).resolves.toBeTruthy();
  });

  it("charges tokens a minute and refuses a key over its token budget", async () => {
    undoEnv = withEnv({ GATEWAY_TPM: "5" });
    const ana = await gatewayUser(api.http, api.db, "ana");
    const model = BUILTIN_MODEL_ID;
    const first = await ana.client.chat.completions.create({ model, messages: ask("a question long enough to spend the budget") });
    expect(first.usage!.total_tokens).toBeGreaterThan(5);
    await expect(ana.client.chat.completions.create({ model, messages: ask("again") })).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
  });
});
