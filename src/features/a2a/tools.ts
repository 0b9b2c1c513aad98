import "server-only";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { skillsOf, toolNameOf } from "./service/agents";
import { sendAndWait } from "./service/tasks";

/**
 * What the agents' tool set and workflow tool nodes need from the A2A client (they sit above it):
 * each discovered agent as a tool `a2a_<slug>` taking `{message}` and answering the agent's text.
 */
export const A2A_TOOL_INPUT_SCHEMA = {
  type: "object",
  properties: { message: { type: "string", description: "What to ask the outside agent", maxLength: 100_000 } },
  required: ["message"],
  additionalProperties: false,
} as const;

const fromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
/** How long a tool call waits for the outside agent (A2A_TOOL_TIMEOUT_MS, 120 s); the task itself goes on. */
export const a2aToolTimeoutMs = () => fromEnv("A2A_TOOL_TIMEOUT_MS", 120_000);

export interface A2aToolDescription {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export async function a2aToolsFor(db: Db, userId: string): Promise<A2aToolDescription[]> {
  const rows = await db.a2aRemoteAgent.findMany({ where: { userId }, orderBy: { name: "asc" } });
  return rows.map((row) => {
    const skills = skillsOf((row.card ?? {}) as Record<string, unknown>).map((s) => s.name).filter(Boolean).slice(0, 10);
    const about = [row.description.slice(0, 500), skills.length ? `Skills: ${skills.join(", ")}.` : ""].filter(Boolean).join(" ");
    return { name: toolNameOf(row.slug), description: `Ask the outside A2A agent "${row.name}". ${about}`.trim(), input_schema: { ...A2A_TOOL_INPUT_SCHEMA } };
  });
}

export interface A2aToolOutcome {
  isError: boolean;
  text: string;
  taskId: string;
  state: string;
}

/**
 * Calls `a2a_<slug>` for the user: sends the message and waits (bounded) for the answer. A task
 * that fails, or is still going when the wait ends, is an error outcome saying so; an unknown name is 404.
 */
export async function callA2aTool(db: Db, userId: string, name: string, input: { message?: unknown }, signal: AbortSignal): Promise<A2aToolOutcome> {
  const slug = name.startsWith("a2a_") ? name.slice(4) : "";
  const agent = slug ? await db.a2aRemoteAgent.findUnique({ where: { userId_slug: { userId, slug } } }) : null;
  if (!agent) throw new AppError("NOT_FOUND", `No A2A agent of yours is the tool ${name}`);
  const message = typeof input.message === "string" ? input.message.trim() : "";
  if (!message) throw new AppError("VALIDATION_ERROR", `${name} needs {"message": "..."}`);
  if (message.length > 100_000) throw new AppError("VALIDATION_ERROR", `${name}: the message is longer than 100000 characters`);
  const task = await sendAndWait(db, userId, agent.id, message, signal, a2aToolTimeoutMs());
  const base = { taskId: task.id, state: task.state };
  if (task.state === "completed") return { ...base, isError: false, text: task.result ?? "" };
  if (task.state === "input_required" || task.state === "auth_required") return { ...base, isError: false, text: `${agent.name} needs more (${task.state}): ${task.result ?? ""}` };
  if (task.state === "submitted" || task.state === "working") return { ...base, isError: true, text: `${agent.name} did not answer within ${Math.round(a2aToolTimeoutMs() / 1000)} s (task ${task.id} goes on)` };
  return { ...base, isError: true, text: task.error ?? `${agent.name} ended the task as ${task.state}` };
}
