import { describe, expect, it } from "vitest";
import { connectionTest, modelConfig, modelConfigList, price, priceList, usagePage } from "@/features/models/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi, withEnv, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { deadPort, STUB_MODEL } from "../support/stub-provider";

const api = setupApi();
const STUB_KEY = "sk-stub-secret-4242";
const stub = setupStubProvider({ apiKey: STUB_KEY });

const create = async (who: Person, json: Record<string, unknown>) => expectOk(await call(api.http, "POST", "/model-configs", { token: who.token, json }), 201, modelConfig);
const stubConfig = (who: Person, extra: Record<string, unknown> = {}) =>
  create(who, { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL, api_key: STUB_KEY, ...extra });
const test = async (who: Person, id: string) => expectOk(await call(api.http, "POST", `/model-configs/${id}/test`, { token: who.token }), 200, connectionTest);

describe("model configs: CRUD with a write-only key", () => {
  it("creates, lists, reads, updates and deletes; responses say has_key and never contain the key", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await create(ana, { name: "DeepSeek", provider: "openai-compatible", base_url: "https://api.deepseek.com/v1", model_name: "deepseek-chat", api_key: "sk-very-secret-1", temperature: 0.3, max_tokens: 2048 });
    expect(created).toMatchObject({ name: "DeepSeek", provider: "openai-compatible", base_url: "https://api.deepseek.com/v1", model_name: "deepseek-chat", has_key: true, temperature: 0.3, max_tokens: 2048, is_default: false, label: null });
    expect(created).not.toHaveProperty("api_key");

    const listed = await call(api.http, "GET", "/model-configs", { token: ana.token });
    expect(expectOk(listed, 200, modelConfigList)).toEqual([created]);
    expect(listed.text).not.toContain("sk-very-secret-1");
    const read = await call(api.http, "GET", `/model-configs/${created.id}`, { token: ana.token });
    expect(expectOk(read, 200, modelConfig)).toEqual(created);
    expect(read.text).not.toContain("sk-very-secret");

    const renamed = expectOk(await call(api.http, "PUT", `/model-configs/${created.id}`, { token: ana.token, json: { name: "DeepSeek V3" } }), 200, modelConfig);
    expect(renamed).toMatchObject({ name: "DeepSeek V3", has_key: true, temperature: 0.3 });
    const keyless = expectOk(await call(api.http, "PUT", `/model-configs/${created.id}`, { token: ana.token, json: { api_key: null } }), 200, modelConfig);
    expect(keyless.has_key).toBe(false);

    expectNoContent(await call(api.http, "DELETE", `/model-configs/${created.id}`, { token: ana.token }));
    expectProblem(await call(api.http, "GET", `/model-configs/${created.id}`, { token: ana.token }), 404, "NOT_FOUND");
  });

  it("stores the key AES-GCM encrypted: the row holds a v1 ciphertext, not the key", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await create(ana, { name: "OpenAI", provider: "openai", model_name: "gpt-4o-mini", api_key: "sk-plaintext-never-stored" });
    const row = await api.db.modelConfig.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.apiKeyEnc).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    const [raw] = await api.db.$queryRaw<{ row: string }[]>`SELECT row_to_json(m)::text AS row FROM model_configs m WHERE id = ${created.id}::uuid`;
    expect(raw.row).not.toContain("sk-plaintext-never-stored");
    expect(raw.row).not.toContain("plaintext");
  });

  it("validates fields: 422 names each bad one", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bad = expectProblem(await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "", provider: "openai-compatible", temperature: 3, base_url: "ftp://x" } }), 422);
    expect(issuePaths(bad)).toEqual(["body.base_url", "body.model_name", "body.name", "body.temperature"]);
    const noBase = expectProblem(await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "x", provider: "openai-compatible", model_name: "m" } }), 422);
    expect(issuePaths(noBase)).toEqual(["body.base_url"]);
    expectProblem(await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "x", provider: "cohere", model_name: "m" } }), 422);
    const created = await create(ana, { name: "Groq", provider: "openai-compatible", base_url: "https://api.groq.com/openai/v1", model_name: "llama-3.3-70b-versatile" });
    const cleared = expectProblem(await call(api.http, "PUT", `/model-configs/${created.id}`, { token: ana.token, json: { base_url: null } }), 422);
    expect(issuePaths(cleared)).toEqual(["body.base_url"]);
  });

  it("labels the built-in model and keeps at most one default per user", async () => {
    const ana = await person(api.http, api.db, "ana");
    const builtin = await create(ana, { name: "Offline", provider: "builtin", is_default: true });
    expect(builtin).toMatchObject({ model_name: "atrium-echo-1", base_url: null, is_default: true, label: expect.stringMatching(/Built-in offline model \(no AI\)/) });
    const other = await stubConfig(ana, { is_default: true });
    const all = expectOk(await call(api.http, "GET", "/model-configs", { token: ana.token }), 200, modelConfigList);
    expect(all.filter((c) => c.is_default).map((c) => c.id)).toEqual([other.id]);
    expectOk(await call(api.http, "PUT", `/model-configs/${builtin.id}`, { token: ana.token, json: { is_default: true } }), 200, modelConfig);
    const again = expectOk(await call(api.http, "GET", "/model-configs", { token: ana.token }), 200, modelConfigList);
    expect(again.filter((c) => c.is_default).map((c) => c.id)).toEqual([builtin.id]);
  });

  it("answers 404 for someone else's config on every endpoint, and 401 without a token", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const mine = await stubConfig(ana);
    expectProblem(await call(api.http, "GET", `/model-configs/${mine.id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "PUT", `/model-configs/${mine.id}`, { token: ben.token, json: { name: "x" } }), 404);
    expectProblem(await call(api.http, "DELETE", `/model-configs/${mine.id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/model-configs/${mine.id}/test`, { token: ben.token }), 404);
    expect(expectOk(await call(api.http, "GET", "/model-configs", { token: ben.token }), 200, modelConfigList)).toEqual([]);
    expectProblem(await call(api.http, "GET", "/model-configs"), 401);
  });

  it("refuses to delete a config while an agent uses it (409)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const agent = await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Writer", model_config: { model_config_id: config.id } } });
    expect(agent.status).toBe(201);
    const problem = expectProblem(await call(api.http, "DELETE", `/model-configs/${config.id}`, { token: ana.token }), 409, "CONFLICT");
    expect(problem.detail).toMatch(/used by "Writer"/);
  });
});

describe("model configs: connection test", () => {
  it("makes a real one-token call to the provider and reports ok with the latency", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const result = await test(ana, config.id);
    expect(result).toEqual({ ok: true, latency_ms: expect.any(Number), model: STUB_MODEL });
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
    expect(stub.requests.at(-1)).toMatchObject({ path: "/v1/chat/completions", authorization: `Bearer ${STUB_KEY}`, body: { model: STUB_MODEL, max_tokens: 1 } });
  });

  it("reports the provider's error (wrong key) as ok:false, not as an HTTP error", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana, { api_key: "sk-wrong" });
    expect(await test(ana, config.id)).toEqual({ ok: false, latency_ms: expect.any(Number), model: STUB_MODEL, error: "The model provider answered 401: Incorrect API key provided" });
  });

  it("reports an unreachable endpoint as ok:false with the reason", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana, { base_url: `http://127.0.0.1:${await deadPort()}/v1` });
    const result = await test(ana, config.id);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it("refuses a private address without OUTBOUND_ALLOW_PRIVATE: nothing reaches the server", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const before = stub.requests.length;
    const undo = withEnv({ OUTBOUND_ALLOW_PRIVATE: undefined });
    try {
      const result = await test(ana, config.id);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/Refused to connect to 127\.0\.0\.1: it resolves to 127\.0\.0\.1, a loopback address/);
    } finally {
      undo();
    }
    expect(stub.requests.length).toBe(before);
  });

  it("reports a key that no longer decrypts (moved to another user's row) instead of failing", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const anas = await stubConfig(ana);
    const bens = await stubConfig(ben);
    const stolen = await api.db.modelConfig.findUniqueOrThrow({ where: { id: anas.id } });
    await api.db.modelConfig.update({ where: { id: bens.id }, data: { apiKeyEnc: stolen.apiKeyEnc } });
    const before = stub.requests.length;
    expect(await test(ben, bens.id)).toMatchObject({ ok: false, error: expect.stringMatching(/can no longer be decrypted .*Enter the key again/) });
    expect(stub.requests.length).toBe(before);
  });

  it("tests the built-in model without any network", async () => {
    const ana = await person(api.http, api.db, "ana");
    const builtin = await create(ana, { name: "Offline", provider: "builtin" });
    expect(await test(ana, builtin.id)).toMatchObject({ ok: true, model: "atrium-echo-1" });
  });
});

describe("metering: prices and the usage ledger", () => {
  it("lists default prices, lets the user set their own, and costs calls with it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const defaults = expectOk(await call(api.http, "GET", "/model-prices", { token: ana.token }), 200, priceList);
    expect(defaults).toContainEqual({ provider: "*", model: "gpt-4o-mini", input_micros_per_mtok: 150_000, output_micros_per_mtok: 600_000, source: "default" });
    expect(defaults).toContainEqual(expect.objectContaining({ provider: "builtin", model: "atrium-echo-1", input_micros_per_mtok: 0, source: "default" }));

    const set = expectOk(
      await call(api.http, "PUT", "/model-prices", { token: ana.token, json: { model: STUB_MODEL, input_micros_per_mtok: 1_000_000, output_micros_per_mtok: 3_000_000 } }),
      200,
      price,
    );
    expect(set).toEqual({ provider: "*", model: STUB_MODEL, input_micros_per_mtok: 1_000_000, output_micros_per_mtok: 3_000_000, source: "user" });
    expectProblem(await call(api.http, "PUT", "/model-prices", { token: ana.token, json: { model: "x", input_micros_per_mtok: -1, output_micros_per_mtok: 0 } }), 422);

    const config = await stubConfig(ana);
    await test(ana, config.id);
    const usage = expectOk(await call(api.http, "GET", "/model-usage", { token: ana.token }), 200, usagePage);
    expect(usage.total).toBe(1);
    const [row] = usage.items;
    expect(row).toMatchObject({ provider: "openai-compatible", model: STUB_MODEL, purpose: "test", status: "ok", agent_id: null });
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.output_tokens).toBeGreaterThan(0);
    expect(row.cost_micros).toBe(row.input_tokens * 1 + row.output_tokens * 3);
    expect(usage.totals).toEqual({ calls: 1, input_tokens: row.input_tokens, output_tokens: row.output_tokens, cost_micros: row.cost_micros });
  });

  it("records failed calls too, and shows each user only their own", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const config = await stubConfig(ana, { api_key: "sk-wrong" });
    await test(ana, config.id);
    const usage = expectOk(await call(api.http, "GET", "/model-usage", { token: ana.token }), 200, usagePage);
    expect(usage.items).toEqual([expect.objectContaining({ status: "error", error: "The model provider answered 401: Incorrect API key provided", cost_micros: 0 })]);
    expect(expectOk(await call(api.http, "GET", "/model-usage", { token: ben.token }), 200, usagePage).total).toBe(0);
  });
});
