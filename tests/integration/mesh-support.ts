import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { ApiResponse } from "../support/api";

/** One request to seed 001's root surface (no /api/v1 prefix), as an API client: JSON, with a bearer token. */
export async function mesh(server: { url: string }, method: string, path: string, options: { token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(server.url + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Asserts seed 001's error body `{"error":{"code","message"}}` with this status and code. */
export function expectMeshError(res: ApiResponse, status: number, code: string) {
  expect(res.status, `expected ${status}, got ${res.status}: ${res.text}`).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = res.body as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

/** Polls a task until it is completed or failed. */
export async function settledTask(server: { url: string }, token: string, taskId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await mesh(server, "GET", `/tasks/${taskId}`, { token });
    expect(res.status).toBe(200);
    const task = res.body as { status: string; result: unknown; error: { code: string; message: string } | null; assigned_agents: string[] };
    if (task.status === "completed" || task.status === "failed") return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface ExternalAgent {
  url: string;
  /** Bodies the agent received, in order. */
  received: unknown[];
  close(): Promise<void>;
}

/** A local external agent on 127.0.0.1: answers each POST with what `answer` returns for its body. */
export async function startExternalAgent(answer: (body: Record<string, unknown>) => { status?: number; json?: unknown; text?: string; delayMs?: number }): Promise<ExternalAgent> {
  const received: unknown[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || "{}") as Record<string, unknown>;
    received.push(body);
    const reply = answer(body);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    res.statusCode = reply.status ?? 200;
    if (reply.json !== undefined) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(reply.json));
    } else {
      res.setHeader("content-type", "text/plain");
      res.end(reply.text ?? "");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/agent`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
