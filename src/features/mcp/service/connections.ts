import "server-only";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { McpServer as McpServerRow } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import { guardedFetcher } from "@/server/outbound";
import { openCredentials } from "./credentials";

const fromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
/**
 * Deadlines, read on each use: starting a server (npx may fetch a package) with its initialize
 * handshake (MCP_CONNECT_TIMEOUT_MS, default 30 s), one tools/list page or ping (15 s), one tool call
 * (MCP_CALL_TIMEOUT_MS, default 60 s).
 */
export const mcpTimeouts = () => ({
  connectMs: fromEnv("MCP_CONNECT_TIMEOUT_MS", 30_000),
  listMs: 15_000,
  callMs: fromEnv("MCP_CALL_TIMEOUT_MS", 60_000),
});
/** Live connections one process keeps; past it the least recently used is closed (it reopens on use). */
export const MAX_LIVE_CONNECTIONS = 50;
/** A connection unused this long is closed (a stdio server's process ends); the next use reopens it. */
export const IDLE_CLOSE_MS = 10 * 60_000;
/** Bytes an HTTP server's single response may have. */
const MAX_HTTP_RESPONSE_BYTES = 10 * 1024 * 1024;
/** The last characters of a stdio server's stderr kept to explain a failed start. */
const STDERR_TAIL_CHARS = 2000;

interface Live {
  client: Client;
  /** The row's updatedAt: an edited configuration gets a new connection. */
  version: number;
  stderrTail: () => string;
}

const globalForPool = globalThis as unknown as { atriumMcpPool?: Map<string, Promise<Live>>; atriumMcpUsed?: Map<string, number>; atriumMcpSweeper?: NodeJS.Timeout };
/** Server id -> its connection (being opened or open), in least-recently-used order. */
const pool = (globalForPool.atriumMcpPool ??= new Map());
/** Server id -> when its connection was last handed out. */
const lastUsed = (globalForPool.atriumMcpUsed ??= new Map());

function touch(id: string) {
  lastUsed.set(id, Date.now());
  // Unref'd: an idle sweep never keeps a process (or a test run) alive.
  globalForPool.atriumMcpSweeper ??= setInterval(() => void sweepIdle(), 60_000).unref();
}

/** Closes the connections unused for IDLE_CLOSE_MS (at `now`); returns how many. */
export async function sweepIdle(now = Date.now()) {
  for (const id of lastUsed.keys()) if (!pool.has(id)) lastUsed.delete(id);
  const idle = [...lastUsed].filter(([, at]) => now - at > IDLE_CLOSE_MS).map(([id]) => id);
  await Promise.all(idle.map(disconnect));
  return idle.length;
}

/** `${NAME}` in an argument becomes that credential (postgres takes its URL as an argument). */
const substitute = (arg: string, env: Record<string, string>) => arg.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, key: string) => env[key] ?? whole);

async function open(row: McpServerRow): Promise<Live> {
  const client = new Client({ name: "atrium", version: "1.0.0" });
  let tail = "";
  let transport;
  if (row.transport === "stdio") {
    const env = openCredentials(row.userId, "env", row.envEnc);
    // No shell (the SDK spawns with shell: false) and a clean environment: only the SDK's safe defaults
    // (HOME, LOGNAME, PATH, SHELL, TERM, USER) and the server's own credentials, never Atrium's secrets.
    const stdio = new StdioClientTransport({ command: row.command ?? "", args: row.args.map((a) => substitute(a, env)), env, stderr: "pipe" });
    stdio.stderr?.on("data", (chunk: Buffer) => {
      tail = (tail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
    });
    transport = stdio;
  } else {
    const headers = openCredentials(row.userId, "headers", row.headersEnc);
    transport = new StreamableHTTPClientTransport(new URL(row.url ?? ""), {
      requestInit: { headers },
      // Every request goes through the guarded client: SSRF rules, deadline, response size cap.
      fetch: guardedFetcher({ timeoutMs: Math.max(mcpTimeouts().callMs, mcpTimeouts().connectMs) + 5_000, maxBytes: MAX_HTTP_RESPONSE_BYTES }),
    });
  }
  try {
    await client.connect(transport, { timeout: mcpTimeouts().connectMs });
  } catch (error) {
    await client.close().catch(() => {});
    throw explain(row, error, tail);
  }
  return { client, version: row.updatedAt.getTime(), stderrTail: () => tail };
}

/** The live connection to a server, opened (or reopened after an edit or a drop) on demand. */
export async function connection(row: McpServerRow): Promise<Live> {
  touch(row.id);
  const existing = pool.get(row.id);
  if (existing) {
    const live = await existing.catch(() => null);
    if (live && live.version === row.updatedAt.getTime() && pool.get(row.id) === existing) {
      pool.delete(row.id);
      pool.set(row.id, existing);
      return live;
    }
    await disconnect(row.id);
  }
  const opening = open(row);
  pool.set(row.id, opening);
  opening.then(
    (live) => {
      // The server went away (process exited, HTTP session ended): forget it, the next use reopens.
      live.client.onclose = () => {
        if (pool.get(row.id) === opening) pool.delete(row.id);
      };
    },
    () => {
      if (pool.get(row.id) === opening) pool.delete(row.id);
    },
  );
  while (pool.size > MAX_LIVE_CONNECTIONS) await disconnect(pool.keys().next().value as string);
  return opening;
}

export const isConnected = (id: string) => pool.has(id);

/** Closes a server's connection (a stdio server's process ends) if this process has one. */
export async function disconnect(id: string) {
  lastUsed.delete(id);
  const existing = pool.get(id);
  if (!existing) return;
  pool.delete(id);
  const live = await existing.catch(() => null);
  await live?.client.close().catch(() => {});
}

export async function disconnectAll() {
  const ids = [...pool.keys()];
  await Promise.all(ids.map(disconnect));
  return ids.length;
}

/** A failure as an AppError the surfaces render: 504 for a deadline, 502 for a server that failed. */
export function explain(row: Pick<McpServerRow, "name" | "command">, error: unknown, stderrTail = ""): AppError {
  // The guarded client's refusals and deadlines concern the server's address, not the request at hand.
  if (error instanceof AppError) {
    if (error.code === "BAD_REQUEST") return new AppError("BAD_GATEWAY", error.detail, { wireCode: "MCP_CONNECT_FAILED" });
    if (error.code === "SERVICE_UNAVAILABLE") return new AppError("GATEWAY_TIMEOUT", error.detail, { wireCode: "MCP_TIMEOUT" });
    return error;
  }
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return new AppError("GATEWAY_TIMEOUT", `The MCP server "${row.name}" did not answer in time`, { wireCode: "MCP_TIMEOUT" });
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") {
    return new AppError("BAD_GATEWAY", `Cannot start the MCP server "${row.name}": the command "${row.command}" was not found on Atrium's host`, { wireCode: "MCP_CONNECT_FAILED" });
  }
  const status = error instanceof StreamableHTTPError && error.code ? `it answered HTTP ${error.code}: ` : "";
  const message = status + (error instanceof Error ? error.message : String(error));
  const stderr = stderrTail.trim() ? ` (its error output ends: ${stderrTail.trim().slice(-300)})` : "";
  return new AppError("BAD_GATEWAY", `The MCP server "${row.name}" failed: ${message.slice(0, 500)}${stderr}`, { wireCode: "MCP_SERVER_ERROR" });
}
