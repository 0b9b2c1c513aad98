import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { withEnv } from "./harness";
import { startStubProvider, type StubProvider } from "./stub-provider";

/**
 * A provider for the gateway's tests: in front of the chat stub (stub-provider.ts, which writes the
 * answers) it can fail on command (`failNext(n, status)`: the next n model calls answer that status,
 * a 429 with Retry-After: 0), publish a DeepSeek balance (`GET /user/balance`) or OpenRouter credits
 * (`GET /v1/credits`), serve embeddings (`POST /v1/embeddings`), and delay answers (`delayMs`).
 * It counts the model calls that reached it.
 */
export interface GatewayStub {
  baseUrl: string;
  /** Model calls (chat completions and embeddings) that arrived, failed ones included. */
  calls: number;
  /** The `authorization` header of each call. */
  authorizations: (string | null)[];
  failNext(count: number, status?: number): void;
  balance: { is_available: boolean; total: string } | null;
  credits: { total_credits: number; total_usage: number } | null;
  delayMs: number;
  /** Requests to the quota endpoints. */
  quotaReads: number;
  inner: StubProvider;
  close(): Promise<void>;
}

export async function startGatewayStub(): Promise<GatewayStub> {
  const inner = await startStubProvider();
  let failures: number[] = [];
  const stub = {
    calls: 0,
    authorizations: [] as (string | null)[],
    balance: null as GatewayStub["balance"],
    credits: null as GatewayStub["credits"],
    delayMs: 0,
    quotaReads: 0,
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    if (req.method === "GET" && path === "/user/balance") {
      stub.quotaReads++;
      if (!stub.balance) return json(res, 404, { error: { message: "no balance here" } });
      return json(res, 200, { is_available: stub.balance.is_available, balance_infos: [{ currency: "CNY", total_balance: stub.balance.total, granted_balance: "0", topped_up_balance: stub.balance.total }] });
    }
    if (req.method === "GET" && path === "/v1/credits") {
      stub.quotaReads++;
      if (!stub.credits) return json(res, 404, { error: { message: "no credits here" } });
      return json(res, 200, { data: stub.credits });
    }
    if (req.method !== "POST") return json(res, 404, { error: { message: `No route ${req.method} ${path}` } });
    stub.calls++;
    stub.authorizations.push(req.headers.authorization ?? null);
    if (stub.delayMs) await new Promise((resolve) => setTimeout(resolve, stub.delayMs));
    const status = failures.shift();
    if (status) {
      return json(res, status, { error: { message: `stub failure ${status}`, type: status === 429 ? "rate_limit_error" : "server_error" } }, status === 429 ? { "retry-after": "0" } : {});
    }
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as { input?: string | string[] };
    if (path === "/v1/embeddings") {
      const inputs = typeof body.input === "string" ? [body.input] : (body.input ?? []);
      return json(res, 200, {
        object: "list",
        data: inputs.map((text, index) => ({ object: "embedding", index, embedding: [text.length, 0.5, -0.25] })),
        model: "stub-embed",
        usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 },
      });
    }
    // Everything else is the chat stub's answer, streamed through as it comes.
    const upstream = await fetch(`${inner.baseUrl.replace(/\/v1$/, "")}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.flushHeaders();
    const reader = upstream.body!.getReader();
    res.on("close", () => void reader.cancel().catch(() => undefined));
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || res.destroyed) break;
      res.write(value);
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(stub, {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    inner,
    failNext(count: number, status = 500) {
      failures = [...failures, ...Array.from({ length: count }, () => status)];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.close();
    },
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Gateway stubs for a test file (started in beforeAll, closed in afterAll), with loopback outbound allowed. */
export function setupGatewayStubs(count: number): GatewayStub[] {
  const stubs: GatewayStub[] = [];
  let restore = () => {};
  beforeAll(async () => {
    restore = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
    for (let i = 0; i < count; i++) stubs.push(await startGatewayStub());
  });
  afterAll(async () => {
    await Promise.all(stubs.map((s) => s.close()));
    restore();
  });
  return stubs;
}
