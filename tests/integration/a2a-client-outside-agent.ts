import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Message, Task, TaskArtifactUpdateEvent, TaskStatusUpdateEvent } from "@a2a-js/sdk";
import { LegacyJsonRpcTransportHandler } from "@a2a-js/sdk/compat/v0_3/server";
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, JsonRpcTransportHandler, ServerCallContext, type AgentExecutor } from "@a2a-js/sdk/server";

/**
 * An outside A2A agent (protocol 1.0) for the A2A client's tests and e2e journey, written with
 * `@a2a-js/sdk/server`'s framework-agnostic handlers behind `node:http` on 127.0.0.1. It answers
 * "Echo: <text>"; a message containing "slow" works `slowMs` first, one containing "fail" fails.
 * `legacy: true` serves only seed 000's `/.well-known/agent.json` with a v0.3-style card.
 */
export interface OutsideAgent {
  url: string;
  /** Messages it received (their text), in order. */
  received: string[];
  /** Headers of every JSON-RPC request. */
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

const text = (parts: { content?: { $case: string; value: unknown } }[] | undefined) =>
  (parts ?? []).map((p) => (p.content?.$case === "text" ? String(p.content.value) : "")).join("");

export async function startOutsideAgent(options: { name?: string; legacy?: boolean; slowMs?: number; requireKey?: { header: string; value: string }; port?: number; host?: string } = {}): Promise<OutsideAgent> {
  const received: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const slowMs = options.slowMs ?? 1500;
  const executor: AgentExecutor = {
    async execute(ctx, bus) {
      const said = text(ctx.userMessage.parts as never);
      received.push(said);
      const ids = { taskId: ctx.taskId, contextId: ctx.contextId };
      bus.publish(AgentEvent.task(Task.fromJSON({ id: ctx.taskId, contextId: ctx.contextId, status: { state: "TASK_STATE_WORKING" } })));
      if (said.includes("slow")) await new Promise((resolve) => setTimeout(resolve, slowMs));
      if (said.includes("fail")) {
        const message = Message.fromJSON({ messageId: `m-${ctx.taskId}`, role: "ROLE_AGENT", parts: [{ text: "I cannot do that" }] });
        bus.publish(AgentEvent.statusUpdate(TaskStatusUpdateEvent.fromJSON({ ...ids, status: { state: "TASK_STATE_FAILED", message: Message.toJSON(message) } })));
      } else {
        bus.publish(AgentEvent.artifactUpdate(TaskArtifactUpdateEvent.fromJSON({ ...ids, artifact: { artifactId: "answer", parts: [{ text: `Echo: ${said}` }] }, lastChunk: true })));
        bus.publish(AgentEvent.statusUpdate(TaskStatusUpdateEvent.fromJSON({ ...ids, status: { state: "TASK_STATE_COMPLETED" } })));
      }
      bus.finished();
    },
    async cancelTask(taskId, bus) {
      bus.publish(AgentEvent.statusUpdate(TaskStatusUpdateEvent.fromJSON({ taskId, contextId: "", status: { state: "TASK_STATE_CANCELED" } })));
      bus.finished();
    },
  };

  let origin = "";
  const card = () => ({
    name: options.name ?? "Echo Agent",
    description: "Repeats what it is told",
    version: "1.0.0",
    supportedInterfaces: [{ url: `${origin}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
    capabilities: { streaming: false, pushNotifications: false },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Says it back", tags: ["test"], examples: ["hello"] }],
  });
  const legacyCard = () => ({
    name: options.name ?? "Old Echo",
    description: "A seed 000 style agent",
    url: `${origin}/a2a/jsonrpc`,
    version: "0.1.0",
    protocolVersion: "0.3.0",
    capabilities: { streaming: false, pushNotifications: false },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "chat", name: "Chat", description: "General-purpose chat", tags: [] }],
  });

  const handler = new DefaultRequestHandler(card() as never, new InMemoryTaskStore(), executor);
  const rpc = options.legacy ? new LegacyJsonRpcTransportHandler(handler) : new JsonRpcTransportHandler(handler);

  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const json = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && path === "/.well-known/agent-card.json" && !options.legacy) return json(200, card());
    if (req.method === "GET" && path === "/.well-known/agent.json" && options.legacy) return json(200, legacyCard());
    if (req.method === "POST" && path === "/a2a/jsonrpc") {
      headers.push(req.headers);
      if (options.requireKey && req.headers[options.requireKey.header.toLowerCase()] !== options.requireKey.value) return json(401, { error: "unauthorized" });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
      const version = String(req.headers["a2a-version"] ?? "1.0");
      const answer = await rpc.handle(body, new ServerCallContext({ requestedVersion: version }));
      return json(200, answer);
    }
    json(404, { error: "not found" });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  // The handler keeps the card it was given: give it the one with the real port.
  Object.assign(await handler.getAgentCard(), card());
  return {
    url: origin,
    received,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
