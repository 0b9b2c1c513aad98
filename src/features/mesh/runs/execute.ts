import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Viewer } from "@/server/auth/viewer";
import { getDb } from "@/server/db";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { answerOnce } from "@/features/chat/service/answer-once";
import { publishMeshEvent } from "../service/events";
import { recordInSpace, spaceContext } from "../service/spaces";
import { taskDto } from "../service/tasks";
import { AgentFailure, callExternalAgent, type AgentReply } from "./external";

/** How often a running task tells the database its process is alive. */
export const TASK_HEARTBEAT_MS = 5_000;

interface ClaimedTask {
  id: string;
  user_id: string;
  task: string;
  message: { correlation_id?: string | null; payload?: { context?: { history?: string[] }; options?: unknown } };
  space_id: string | null;
  assigned_agents: string[];
  timeout_seconds: number;
}

/** Takes a task (assigned/pending → running, owned by this process) in one statement; null when another has it. */
async function claim(db: Db, taskId: string, owner: string): Promise<ClaimedTask | null> {
  const rows = await db.$queryRaw<ClaimedTask[]>`
    UPDATE mesh_tasks SET status = 'running', owner = ${owner}, heartbeat_at = now(), attempts = attempts + 1, updated_at = now()
    WHERE id = ${taskId}::uuid AND status IN ('pending', 'assigned') AND owner IS NULL
    RETURNING id::text, user_id::text, task, message, space_id::text, assigned_agents, timeout_seconds`;
  return rows[0] ?? null;
}

/**
 * Runs one task as this process: the agent it was routed to answers (a local Atrium agent through
 * chat's answerOnce, an external one over HTTP), with the space's messages as context, within the
 * task's timeout. The row and the user's event stream say how it ended. When the job is aborted
 * because this process stops, the row stays `running`: recovery gives it to another try.
 */
export async function executeMeshTask(taskId: string, owner: string, jobSignal: AbortSignal) {
  const db = getDb();
  const task = await claim(db, taskId, owner);
  if (!task) return;
  const changed = async () => {
    const row = await db.meshTask.findUnique({ where: { id: taskId } });
    if (row) await publishMeshEvent(task.user_id, { type: "task_status", task_id: taskId, space_id: task.space_id, task: taskDto(row) });
  };
  await changed();
  const heartbeat = setInterval(() => {
    void db.meshTask.updateMany({ where: { id: taskId, owner }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, TASK_HEARTBEAT_MS);
  heartbeat.unref();
  const timeout = AbortSignal.timeout(task.timeout_seconds * 1000);
  const signal = AbortSignal.any([jobSignal, timeout]);
  const agentKey = task.assigned_agents[0];
  try {
    const agent = await db.meshAgent.findUnique({ where: { userId_key: { userId: task.user_id, key: agentKey } } });
    if (!agent) throw new AgentFailure("AGENT_NOT_FOUND", `Agent ${agentKey} was unregistered before the task ran`);
    const context = task.space_id ? await spaceContext(db, task.space_id) : "";
    const history = task.message.payload?.context?.history ?? [];
    const reply: AgentReply =
      agent.type === "atrium" && agent.atriumAgentId
        ? await runLocal(db, task, agent.atriumAgentId, promptOf(task.task, context, history), signal)
        : await callExternalAgent(
            agent.endpoint ?? "",
            {
              id: task.id,
              type: "request",
              source: "atrium",
              target: agent.key,
              correlation_id: task.message.correlation_id ?? task.id,
              timestamp: Date.now(),
              payload: { task: task.task, context: { shared_space_id: task.space_id ?? undefined, history: [...history, ...(context ? [context] : [])] }, options: task.message.payload?.options },
            },
            task.timeout_seconds * 1000,
            signal,
          );
    await db.meshAgent.updateMany({ where: { id: agent.id }, data: { status: "online", lastSeenAt: new Date() } });
    const done = await db.meshTask.updateMany({ where: { id: taskId, owner }, data: { status: "completed", result: toJson(reply.result), owner: null, heartbeatAt: null } });
    if (done.count === 0) return;
    await changed();
    if (task.space_id) {
      const answer = typeof reply.result === "string" ? reply.result : JSON.stringify(reply.result);
      await recordInSpace(db, task.space_id, taskId, [
        { role: "user", content: task.task },
        { role: "agent", agent: agentKey, content: answer },
        ...reply.artifacts.map((content) => ({ kind: "artifact" as const, role: "agent" as const, agent: agentKey, content })),
      ]);
    }
    await publishMeshEvent(task.user_id, { type: "task.completed", task_id: taskId, space_id: task.space_id, result: reply.result });
  } catch (error) {
    if (jobSignal.aborted && !timeout.aborted) return; // this process stops: recovery retries it
    const failure = failureOf(error, timeout.aborted, task.timeout_seconds);
    if (failure.unreachable) await db.meshAgent.updateMany({ where: { userId: task.user_id, key: agentKey }, data: { status: "offline" } });
    const ended = await db.meshTask.updateMany({ where: { id: taskId, owner }, data: { status: "failed", error: { code: failure.code, message: failure.message }, owner: null, heartbeatAt: null } });
    if (ended.count === 0) return;
    await changed();
    await publishMeshEvent(task.user_id, { type: "task.failed", task_id: taskId, space_id: task.space_id, error: { code: failure.code, message: failure.message } });
  } finally {
    clearInterval(heartbeat);
  }
}

function promptOf(task: string, context: string, history: string[]) {
  const before = [...history, ...(context ? [context] : [])].join("\n\n");
  return before ? `Context shared with this task (earlier work):\n${before}\n\nTask:\n${task}` : task;
}

async function runLocal(db: Db, task: ClaimedTask, agentId: string, message: string, signal: AbortSignal): Promise<AgentReply> {
  const user = await db.user.findUnique({ where: { id: task.user_id }, select: { role: true } });
  if (!user) throw new AgentFailure("TASK_FAILED", "The task's owner no longer exists");
  const viewer: Viewer = { userId: task.user_id, role: user.role === "admin" ? "admin" : "user", via: "session" };
  const { turn } = await answerOnce({ db, viewer, agentId, message, titlePrefix: "Mesh task", logLabel: "mesh-task" }, signal);
  if (turn.status === "aborted") throw new AgentFailure("TASK_TIMEOUT", "The task was stopped before the agent answered");
  if (turn.status !== "complete") throw new AgentFailure("TASK_FAILED", turn.error ?? "The agent could not answer");
  return { result: turn.content, artifacts: [] };
}

function failureOf(error: unknown, timedOut: boolean, seconds: number): { code: string; message: string; unreachable?: boolean } {
  if (timedOut) return { code: "TASK_TIMEOUT", message: `The agent did not answer within ${seconds} s` };
  if (error instanceof AgentFailure) return { code: error.code, message: error.message };
  if (error instanceof AppError) {
    // The guard's refusals (SSRF, bad URL) and unreachable hosts: the agent cannot be reached.
    const unreachable = error.code === "SERVICE_UNAVAILABLE" || error.code === "GATEWAY_TIMEOUT" || error.code === "BAD_REQUEST";
    return { code: unreachable ? "AGENT_UNREACHABLE" : "TASK_FAILED", message: error.detail, unreachable };
  }
  log.error("mesh task failed unexpectedly", { err: error });
  return { code: "TASK_FAILED", message: "The task failed on our side" };
}

function toJson(value: unknown) {
  return value === undefined || value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}
