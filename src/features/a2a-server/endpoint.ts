import "server-only";
import { AgentCard } from "@a2a-js/sdk";
import { JsonRpcTransportHandler, ServerCallContext } from "@a2a-js/sdk/server";
import { authenticate } from "@/server/auth/authenticate";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { readLimited } from "@/server/http/body";
import type { FetchHandler } from "@/server/http/node-bridge";
import { sseResponse } from "@/server/http/sse";
import { log } from "@/server/log";
import { agentCardJson, JSONRPC_PATH, legacyAgentCardJson } from "./protocol/card";
import { AtriumA2aHandler } from "./protocol/handler";
import { publicOriginOf } from "./protocol/origin";
import { describeIssues, paramsByMethod } from "./protocol/params";

/** A JSON-RPC request is small; anything past this is refused before it is parsed. */
export const MAX_A2A_BODY_BYTES = 1024 * 1024;
const JSON_HEADERS = { "content-type": "application/json" };

type RpcId = string | number | null;

const rpcError = (id: RpcId, code: number, message: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }), { status, headers: { ...JSON_HEADERS, ...headers } });

/** Only `Authorization: Bearer` (an API key or an access token): a cookie alone would let any site spend a signed-in person's agents. */
async function bearerViewer(db: Db, request: Request): Promise<Viewer | null> {
  return request.headers.has("authorization") ? authenticate(db, request) : null;
}

/**
 * `POST /a2a/jsonrpc`: the A2A protocol 1.0 JSON-RPC binding. Atrium checks who asks (401 with a
 * JSON-RPC body and WWW-Authenticate otherwise), the body's size, JSON and each method's params; the
 * SDK's JsonRpcTransportHandler dispatches to AtriumA2aHandler and writes the results. Errors are
 * HTTP 200 with a JSON-RPC error, as the protocol says; streams are SSE that close at the task's end.
 */
export function a2aJsonRpcEndpoint(db: () => Db): FetchHandler {
  return async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    if (path !== JSONRPC_PATH) return rpcError(null, -32601, `Not found: the A2A JSON-RPC endpoint is POST ${JSONRPC_PATH}`, 404);
    if (request.method !== "POST") return rpcError(null, -32600, "Method not allowed: send JSON-RPC with POST", 405, { Allow: "POST" });
    const viewer = await bearerViewer(db(), request);
    if (!viewer) return rpcError(null, -32001, "Unauthorized: send Authorization: Bearer <your Atrium API key>", 401, { "WWW-Authenticate": 'Bearer realm="atrium-a2a"' });
    const version = request.headers.get("a2a-version")?.trim();
    let text: string;
    try {
      text = await readLimited(request, MAX_A2A_BODY_BYTES);
    } catch (error) {
      if (error instanceof AppError && error.status === 413) return rpcError(null, -32600, `Request body exceeds ${MAX_A2A_BODY_BYTES} bytes`, 413);
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return rpcError(null, -32700, "Parse error: the body is not JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) return rpcError(null, -32600, "Invalid request: send one JSON-RPC 2.0 request object (batches are not supported)");
    const rpc = body as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const id: RpcId = typeof rpc.id === "string" || (typeof rpc.id === "number" && Number.isInteger(rpc.id)) ? rpc.id : null;
    if (rpc.jsonrpc !== "2.0" || typeof rpc.method !== "string") return rpcError(id, -32600, 'Invalid request: jsonrpc must be "2.0" and method a string');
    if (version && !["1.0", "1"].includes(version)) return rpcError(id, -32009, `A2A-Version ${version.slice(0, 20)} is not supported: this server speaks 1.0`);
    const schema = paramsByMethod[rpc.method];
    if (!schema) {
      const push = /PushNotificationConfig/.test(rpc.method);
      return push ? rpcError(id, -32003, "Push notifications are not supported: stream the task or poll GetTask") : rpcError(id, -32601, `Method not found: ${rpc.method.slice(0, 100)}`);
    }
    const checked = schema.safeParse(rpc.params);
    if (!checked.success) return rpcError(id, -32602, `Invalid params: ${describeIssues(checked.error)}`);
    const configuration = (rpc.params as { configuration?: { blocking?: unknown } } | undefined)?.configuration;
    const handler = new AtriumA2aHandler(db(), viewer, publicOriginOf(request), request.signal, configuration?.blocking === false);
    try {
      const answer = await new JsonRpcTransportHandler(handler).handle(body as Record<string, unknown>, new ServerCallContext({ requestedVersion: "1.0" }));
      if (!isStream(answer)) return new Response(JSON.stringify(answer), { status: 200, headers: JSON_HEADERS });
      return await streamAnswer(request, answer, id);
    } catch (error) {
      log.error("A2A request failed", { err: error });
      return rpcError(id, -32603, "Internal error");
    }
  };
}

const isStream = (value: unknown): value is AsyncGenerator<unknown> => typeof (value as AsyncGenerator | null)?.[Symbol.asyncIterator] === "function";

/**
 * SSE for SendStreamingMessage and SubscribeToTask. The first result is awaited before answering, so
 * an error at the start (unknown task, bad agent) is a plain JSON-RPC error, as clients expect;
 * later ones end the stream with an error frame.
 */
async function streamAnswer(request: Request, stream: AsyncGenerator<unknown>, id: RpcId) {
  let first: IteratorResult<unknown>;
  try {
    first = await stream.next();
  } catch (error) {
    // The handler's errors (unknown task, bad agent) surface here, before anything was streamed.
    return new Response(JSON.stringify({ jsonrpc: "2.0", id, error: JsonRpcTransportHandler.mapToJSONRPCError(error) }), { status: 200, headers: JSON_HEADERS });
  }
  const frame = first.done ? null : first.value;
  return sseResponse(request, async (send, signal) => {
    const stop = () => void stream.return(undefined);
    signal.addEventListener("abort", stop, { once: true });
    try {
      if (frame) send("", frame);
      if (first.done) return;
      for (;;) {
        const next = await stream.next();
        if (next.done || signal.aborted) break;
        send("", next.value);
      }
    } catch (error) {
      send("", { jsonrpc: "2.0", id, error: JsonRpcTransportHandler.mapToJSONRPCError(error) });
    } finally {
      signal.removeEventListener("abort", stop);
    }
  });
}

/**
 * `GET /.well-known/agent-card.json` (protocol 1.0, what `ClientFactory.createFromUrl` reads) and
 * `GET /.well-known/agent.json` (seed 000's older card). Public: without credentials (or with ones
 * that do not check out) the card lists one generic skill; with a valid Bearer key, one skill per
 * deployed agent the caller may use.
 */
export function agentCardEndpoint(db: () => Db): FetchHandler {
  return async (request) => {
    if (!["GET", "HEAD"].includes(request.method)) return new Response(null, { status: 405, headers: { Allow: "GET, HEAD" } });
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    const legacy = path.endsWith("/agent.json");
    if (!legacy && !path.endsWith("/agent-card.json")) return new Response(null, { status: 404 });
    const viewer = await bearerViewer(db(), request);
    const origin = publicOriginOf(request);
    const card = legacy ? await legacyAgentCardJson(db(), viewer, origin) : await agentCardJson(db(), viewer, origin);
    const body = legacy ? card : { ...(AgentCard.toJSON(AgentCard.fromJSON(card)) as object), security: (card as { security?: unknown }).security };
    return new Response(request.method === "HEAD" ? null : JSON.stringify(body), {
      status: 200,
      headers: {
        ...JSON_HEADERS,
        // A card with someone's agents is theirs alone; the public one may be cached briefly.
        "cache-control": viewer ? "private, no-store" : "public, max-age=60",
        vary: "Authorization",
        "access-control-allow-origin": "*",
      },
    });
  };
}
