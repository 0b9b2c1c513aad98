/**
 * `npm run bench`: time to first streamed token through Atrium's chat endpoint versus calling the
 * same model server directly, measured in one run so the ratio is fair on any machine.
 *
 * The model is the local OpenAI-compatible stub the tests use, so the difference is Atrium's own
 * work: authentication, loading the agent and model config, storing the messages, the AI SDK, and
 * SSE framing. Atrium runs in-process behind a real HTTP server on an in-memory PGlite.
 */
import { openAdapter } from "../src/server/db/adapter";
import { createDb } from "../src/server/db/client";
import { setDb } from "../src/server/db";
import { applyMigrations } from "../src/server/db/migrate";
import { createApiKey } from "../src/features/identity/service/api-keys";
import { usernameKey } from "../src/features/identity/username";
import { startApiServer } from "../tests/support/http";
import { startStubProvider, STUB_MODEL } from "../tests/support/stub-provider";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 5;

async function firstChunkMs(url: string, init: RequestInit, isToken: (chunk: string) => boolean) {
  const started = performance.now();
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let seen = "";
  let firstAt: number | undefined;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    seen += decoder.decode(chunk, { stream: true });
    if (firstAt === undefined && isToken(seen)) firstAt = performance.now() - started;
  }
  if (firstAt === undefined) throw new Error(`no token from ${url}: ${seen.slice(0, 300)}`);
  return firstAt;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main() {
  const stub = await startStubProvider();
  const opened = openAdapter({ kind: "pglite", dataDir: "memory://" });
  await applyMigrations(opened.factory);
  const db = createDb(opened);
  setDb(db);
  const api = await startApiServer(db);

  const user = await db.user.create({
    data: { email: "bench@atrium.local", username: "bench", usernameKey: usernameKey("bench"), passwordHash: "unused", emailConfirmedAt: new Date() },
  });
  const { key } = await createApiKey({ db, viewer: { userId: user.id, role: "user", via: "api_key" } }, { name: "bench" });
  const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const config = await fetch(`${api.url}/api/v1/model-configs`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL, is_default: true }),
  });
  if (config.status !== 201) throw new Error(`model config: ${config.status} ${await config.text()}`);

  const direct = () =>
    firstChunkMs(
      `${stub.baseUrl}/chat/completions`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: STUB_MODEL, stream: true, messages: [{ role: "user", content: "hello there" }] }) },
      (seen) => /"content":"[^"]/.test(seen),
    );
  // Also how long Atrium's own work before the model call takes: until the stub has the request.
  const untilModelCall: number[] = [];
  const viaAtrium = async () => {
    const started = performance.now();
    const before = stub.requests.length;
    const ms = await firstChunkMs(`${api.url}/api/v1/agent-chat/bare/stream`, { method: "POST", headers: auth, body: JSON.stringify({ message: "hello there" }) }, (seen) =>
      seen.includes("event: token"),
    );
    const modelCall = stub.requests.slice(before).find((r) => r.path === "/v1/chat/completions");
    if (modelCall) untilModelCall.push(modelCall.at - started);
    return ms;
  };

  for (let i = 0; i < WARMUP; i++) {
    await direct();
    await viaAtrium();
  }
  untilModelCall.length = 0;
  const results = { direct: [] as number[], atrium: [] as number[] };
  // Interleaved, so drift in the machine's load affects both sides alike.
  for (let i = 0; i < ROUNDS; i++) {
    results.direct.push(await direct());
    results.atrium.push(await viaAtrium());
  }

  const row = (name: string, values: number[]) =>
    `${name.padEnd(22)} median ${percentile(values, 50).toFixed(2).padStart(8)} ms   p95 ${percentile(values, 95).toFixed(2).padStart(8)} ms`;
  const medianDirect = percentile(results.direct, 50);
  const medianAtrium = percentile(results.atrium, 50);
  console.log(`time to first token, ${ROUNDS} rounds after ${WARMUP} warm-up (in-memory PGlite, local stub model)`);
  console.log(row("stub model directly", results.direct));
  console.log(row("through Atrium", results.atrium));
  console.log(row("  until the model call", untilModelCall));
  console.log(`ratio ${(medianAtrium / medianDirect).toFixed(2)}x   added ${(medianAtrium - medianDirect).toFixed(2)} ms (median)`);

  await api.close();
  await stub.close();
  await db.$disconnect();
  await opened.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
