import "server-only";
import type { Prisma, MeshTask } from "@/generated/prisma/client";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { TaskDetail, TaskSubmission } from "../schemas";
import { MESH_TASK_JOB } from "../runs/job-names";
import { publishMeshEvent } from "./events";
import { routeTask } from "./routing";
import { ownSpace } from "./spaces";

/** Tasks of one user that may wait or run at once; more is refused with 429 until some finish. */
export const MAX_OPEN_TASKS = 50;

const taskNotFound = (id: string) => new AppError("NOT_FOUND", `Task ${id} not found`, { wireCode: "TASK_NOT_FOUND" });
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function taskSummaryDto(t: Pick<MeshTask, "id" | "status" | "assignedAgents" | "createdAt">) {
  return { id: t.id, status: t.status as TaskDetail["status"], assigned_agents: t.assignedAgents, created_at: t.createdAt.getTime() };
}

export function taskDto(t: MeshTask): TaskDetail {
  return {
    ...taskSummaryDto(t),
    task: t.task,
    space_id: t.spaceId,
    result: t.result ?? null,
    error: (t.error as TaskDetail["error"]) ?? null,
    updated_at: t.updatedAt.getTime(),
  };
}

/**
 * Accepts a task: checks its space, routes it to one of the caller's agents (404 AGENT_NOT_FOUND
 * when none can take it), stores it `assigned` and enqueues the job that runs it. Nothing runs in
 * the request: the answer is 202 with the task id; `/events` and `GET /tasks/:id` tell the rest.
 */
export async function submitTask(db: Db, viewer: Viewer, input: TaskSubmission) {
  const spaceId = input.payload.context?.shared_space_id ?? null;
  if (spaceId) await ownSpace(db, viewer.userId, spaceId);
  const open = await db.meshTask.count({ where: { userId: viewer.userId, status: { in: ["pending", "assigned", "running"] } } });
  if (open >= MAX_OPEN_TASKS) throw new AppError("RATE_LIMITED", `At most ${MAX_OPEN_TASKS} tasks may wait or run at once; wait for some to finish`, { headers: { "Retry-After": "5" }, wireCode: "TOO_MANY_TASKS" });

  const agents = await db.meshAgent.findMany({ where: { userId: viewer.userId }, take: 500 });
  const decision = routeTask(agents, { task: input.payload.task, target: input.target, capabilities: input.payload.capabilities });
  if (!decision.agent) throw new AppError("NOT_FOUND", decision.problem, { wireCode: "AGENT_NOT_FOUND" });

  const { runnerForMesh } = await import("../runs/runner");
  const runner = await runnerForMesh();
  const message = { ...input, correlation_id: input.correlation_id ?? null, timestamp: input.timestamp ?? Date.now() };
  const task = await db.meshTask.create({
    data: {
      userId: viewer.userId,
      message: message as Prisma.InputJsonObject,
      task: input.payload.task,
      spaceId,
      assignedAgents: [decision.agent.key],
      status: "assigned",
      timeoutSeconds: input.payload.options?.timeout ?? 300,
    },
  });
  await publishMeshEvent(viewer.userId, { type: "task.submitted", task_id: task.id, space_id: spaceId, assigned_agents: task.assignedAgents, routed_by: decision.reason });
  try {
    await runner.enqueue(MESH_TASK_JOB, { task_id: task.id }, { id: task.id });
  } catch (error) {
    await db.meshTask.update({ where: { id: task.id }, data: { status: "failed", error: { code: "TASK_FAILED", message: "The task could not be queued" } } });
    throw error;
  }
  return { task_id: task.id, status: task.status as TaskDetail["status"], assigned_agents: task.assignedAgents, message: "Task submitted successfully" };
}

export async function listTasks(db: Db, userId: string, query: { status?: string; limit: number }) {
  const tasks = await db.meshTask.findMany({
    where: { userId, ...(query.status ? { status: query.status } : {}) },
    orderBy: { createdAt: "desc" },
    take: query.limit,
    select: { id: true, status: true, assignedAgents: true, createdAt: true },
  });
  return tasks.map(taskSummaryDto);
}

/** The caller's task; someone else's looks exactly like a missing one. */
export async function getTask(db: Db, userId: string, id: string): Promise<TaskDetail> {
  const task = isUuid(id) ? await db.meshTask.findUnique({ where: { id } }) : null;
  if (!task || task.userId !== userId) throw taskNotFound(id);
  return taskDto(task);
}

/** Newest tasks with their results, for the mesh page. */
export async function recentTasks(db: Db, userId: string, limit = 50) {
  const tasks = await db.meshTask.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: limit });
  return tasks.map(taskDto);
}
