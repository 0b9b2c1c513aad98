import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { A2aTask } from "@/generated/prisma/client";
import { route, type RouteDef } from "@/server/http/route-table";
import { idParam } from "@/lib/wire";
import * as s from "./schemas";
import { chooseAgent, usableAgents } from "./service/agents";
import { BLOCKING_WAIT_MS, waitForEnd } from "./service/follow";
import { cancelTask, createTask, findTask } from "./service/tasks";
import type { WireMessage } from "./service/wire";

const TAGS = ["A2A"];

/** A task in seed 000's words: `cancelled` with two l's, the answer as `{role: "agent", parts: [{text}]}`. */
function legacyTask(row: A2aTask): z.input<typeof s.legacyTask> {
  const status = row.state === "canceled" ? "cancelled" : (row.state as z.infer<typeof s.legacyStatus>);
  const answer = ((row.history ?? []) as unknown as WireMessage[]).findLast((m) => m.role === "ROLE_AGENT");
  return {
    task_id: row.id,
    status,
    ...(row.state === "completed" && answer ? { result: { role: "agent" as const, parts: answer.parts.map((p) => ({ text: p.text ?? JSON.stringify(p.data) })) } } : {}),
    ...(row.error && row.state !== "completed" ? { error: row.error } : {}),
  };
}

/** Seed 000's older A2A surface at `/a2a` (no version): `/a2a/agents`, `/a2a/tasks/send`, get, cancel. */
export const a2aLegacyRoutes: RouteDef[] = [
  route({
    method: "GET", path: "/agents", auth: "user", tags: TAGS,
    summary: "The local agents available over A2A: your deployed agents and those shared with you to use",
    status: 200, response: s.legacyAgentList,
    handler: async (ctx) => {
      const agents = await usableAgents(ctx.db, ctx.viewer);
      return { agents: agents.map((a) => ({ id: a.id, name: a.name, description: a.description, is_main: a.isMain })), total: agents.length };
    },
  }),
  route({
    method: "POST", path: "/tasks/send", auth: "user", tags: TAGS,
    summary: "Send a task to one of your agents and wait for its answer",
    description: `The task runs as a durable job (the same tasks as the protocol 1.0 JSON-RPC endpoint /a2a/jsonrpc). The request waits up to ${BLOCKING_WAIT_MS / 1000} s: then it answers with status "working" and no result; poll GET /a2a/tasks/{id}. 404 for an agent you may not use or that is not deployed; 429 past 50 open tasks.`,
    body: s.legacyTaskSend, status: 200, response: s.legacyTask, errors: [404, 429],
    handler: async (ctx, { body }) => {
      const agent = await chooseAgent(ctx.db, ctx.viewer, body.agent_id);
      const parts = body.message.parts.map((p) => ({ text: p.text }));
      const prompt = parts.map((p) => p.text).join("\n\n").trim();
      const task = await createTask(ctx.db, ctx.viewer, { agentId: agent.id, prompt, message: { messageId: randomUUID(), role: "ROLE_USER", parts }, surface: "legacy" });
      return legacyTask(await waitForEnd(ctx.db, task, BLOCKING_WAIT_MS, ctx.request.signal));
    },
  }),
  route({
    method: "GET", path: "/tasks/{id}", auth: "user", tags: TAGS,
    summary: "A task's status and, once completed, its result",
    params: idParam, status: 200, response: s.legacyTask, errors: [404],
    handler: async (ctx, { params }) => legacyTask(await findTask(ctx.db, ctx.viewer.userId, params.id)),
  }),
  route({
    method: "POST", path: "/tasks/{id}/cancel", auth: "user", tags: TAGS,
    summary: "Cancel a task that is still submitted or working",
    description: "Stops the agent's job. 409 when the task has already ended.",
    params: idParam, status: 200, response: s.legacyCancelled, errors: [404, 409],
    handler: async (ctx, { params }) => {
      const task = await cancelTask(ctx.db, ctx.viewer.userId, params.id);
      return { task_id: task.id, status: "cancelled" as const };
    },
  }),
];
