import "server-only";
import { randomUUID } from "node:crypto";
import { Role, StreamResponse, Task, TaskState, type AgentCard, type Message, type Part } from "@a2a-js/sdk";
import {
  ContentTypeNotSupportedError,
  JsonRpcTransportError,
  PushNotificationNotSupportedError,
  RequestMalformedError,
  TaskNotCancelableError,
  TaskNotFoundError,
  UnsupportedOperationError,
} from "@a2a-js/sdk/errors";
import type { A2ARequestHandler } from "@a2a-js/sdk/server";
import type { A2aTask } from "@/generated/prisma/client";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { chooseAgent } from "../service/agents";
import { BLOCKING_WAIT_MS, followTask, waitForEnd } from "../service/follow";
import { cancelTask, createTask, findTask, listTasks, promptWithContext } from "../service/tasks";
import { isEnded, wireTask, type TaskState as RowState, type WirePart } from "../service/wire";
import { agentCard } from "./card";

type Params<M extends keyof A2ARequestHandler> = Parameters<A2ARequestHandler[M]>[0];

/** The largest prompt a message may make (its text and data parts together). */
const MAX_PROMPT_CHARS = 100_000;

const STATE_FILTER: Partial<Record<TaskState, RowState>> = {
  [TaskState.TASK_STATE_SUBMITTED]: "submitted",
  [TaskState.TASK_STATE_WORKING]: "working",
  [TaskState.TASK_STATE_COMPLETED]: "completed",
  [TaskState.TASK_STATE_FAILED]: "failed",
  [TaskState.TASK_STATE_CANCELED]: "canceled",
};

/**
 * Atrium's side of the A2A protocol 1.0 methods, for the SDK's JsonRpcTransportHandler (which reads
 * and writes the wire). Not the SDK's DefaultRequestHandler: that one runs the agent inside the
 * request's process and keeps tasks as it goes, while here a task is a row and a job any process may
 * run, and every stream reads the task's bus stream. One instance per request: it knows who asks.
 */
export class AtriumA2aHandler implements A2ARequestHandler {
  constructor(
    private readonly db: Db,
    private readonly viewer: Viewer,
    private readonly origin: string,
    /** Aborts when the client goes away: waits and streams stop. */
    private readonly signal: AbortSignal,
    /** The request said `configuration.blocking: false` (protocol 0.3's spelling of returnImmediately). */
    private readonly nonBlocking = false,
  ) {}

  getAgentCard(): Promise<AgentCard> {
    return agentCard(this.db, this.viewer, this.origin);
  }

  getAuthenticatedExtendedAgentCard(): Promise<AgentCard> {
    return agentCard(this.db, this.viewer, this.origin);
  }

  async sendMessage(params: Params<"sendMessage">): Promise<Task> {
    return guard(async () => {
      const task = await this.submit(params);
      const historyLength = params.configuration?.historyLength;
      if (params.configuration?.returnImmediately || this.nonBlocking) return toTask(task, { historyLength });
      // Bounded: past the wait the client gets the task still working and polls or resubscribes.
      return toTask(await waitForEnd(this.db, task, BLOCKING_WAIT_MS, this.signal), { historyLength });
    });
  }

  async *sendMessageStream(params: Params<"sendMessageStream">): AsyncGenerator<StreamResponse> {
    const task = await guard(() => this.submit(params));
    yield { payload: { $case: "task", value: toTask(task) } };
    yield* this.follow(task.id);
  }

  async getTask(params: Params<"getTask">): Promise<Task> {
    return guard(async () => toTask(await findTask(this.db, this.viewer.userId, params.id), { historyLength: params.historyLength }));
  }

  async listTasks(params: Params<"listTasks">) {
    return guard(async () => {
      const limit = params.pageSize ?? 50;
      const since = params.statusTimestampAfter ? new Date(params.statusTimestampAfter) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new RequestMalformedError("statusTimestampAfter is not an ISO 8601 timestamp");
      const state = params.status ? STATE_FILTER[params.status] : undefined;
      if (params.status && !state) return { tasks: [], nextPageToken: "", pageSize: limit, totalSize: 0 };
      const page = await listTasks(this.db, this.viewer.userId, { contextId: params.contextId || undefined, state, changedSince: since, limit, after: readPageToken(params.pageToken) });
      const options = { historyLength: params.historyLength, includeArtifacts: params.includeArtifacts ?? false };
      const last = page.tasks.at(-1);
      return {
        tasks: page.tasks.map((t) => toTask(t, options)),
        nextPageToken: page.more && last ? pageToken(last) : "",
        pageSize: limit,
        totalSize: page.total,
      };
    });
  }

  async cancelTask(params: Params<"cancelTask">): Promise<Task> {
    return guard(async () => toTask(await cancelTask(this.db, this.viewer.userId, params.id)));
  }

  async *resubscribe(params: Params<"resubscribe">): AsyncGenerator<StreamResponse> {
    const task = await guard(() => findTask(this.db, this.viewer.userId, params.id));
    yield { payload: { $case: "task", value: toTask(task) } };
    if (isEnded(task.state)) return;
    yield* this.follow(task.id);
  }

  createTaskPushNotificationConfig(): never {
    throw new PushNotificationNotSupportedError("Push notifications are not supported: stream the task or poll GetTask");
  }
  getTaskPushNotificationConfig(): never {
    return this.createTaskPushNotificationConfig();
  }
  listTaskPushNotificationConfigs(): never {
    return this.createTaskPushNotificationConfig();
  }
  deleteTaskPushNotificationConfig(): never {
    return this.createTaskPushNotificationConfig();
  }

  private async *follow(taskId: string): AsyncGenerator<StreamResponse> {
    try {
      for await (const event of followTask(this.db, taskId, this.signal)) yield StreamResponse.fromJSON(event);
    } catch (error) {
      throw protocolError(error);
    }
  }

  /** Checks the message, picks the agent, stores the task and enqueues its job. */
  private async submit(params: Params<"sendMessage">): Promise<A2aTask> {
    const message = params.message;
    if (!message) throw new RequestMalformedError("params.message is required");
    if (message.role === Role.ROLE_AGENT) throw new RequestMalformedError("The message's role must be ROLE_USER");
    if (message.taskId) {
      await findTask(this.db, this.viewer.userId, message.taskId);
      throw new UnsupportedOperationError("Atrium's tasks take one message each: send a new message with the task's contextId to continue the conversation");
    }
    const parts = message.parts.map(wirePartOf);
    const prompt = parts.map((p) => p.text ?? JSON.stringify(p.data)).join("\n\n").trim();
    if (!prompt) throw new RequestMalformedError("The message has no text to answer");
    if (prompt.length > MAX_PROMPT_CHARS) throw new RequestMalformedError(`The message is longer than ${MAX_PROMPT_CHARS} characters`);
    const agent = await chooseAgent(this.db, this.viewer, skillOf(message, params.metadata));
    return createTask(this.db, this.viewer, {
      agentId: agent.id,
      contextId: message.contextId || null,
      prompt: await promptWithContext(this.db, this.viewer.userId, message.contextId, prompt),
      message: { messageId: message.messageId || randomUUID(), role: "ROLE_USER", parts, ...(message.metadata ? { metadata: message.metadata } : {}) },
      surface: "a2a",
    });
  }
}

/** The skill (agent) a client named: on the message or on the request, as skillId or agentId. */
function skillOf(message: Message, metadata: Record<string, unknown> | undefined): string | null {
  for (const source of [message.metadata, metadata]) {
    for (const key of ["skillId", "agentId", "skill_id", "agent_id"]) {
      const value = source?.[key];
      if (typeof value === "string" && value.trim()) return value.trim().slice(0, 200);
    }
  }
  return null;
}

function wirePartOf(part: Part): WirePart {
  const content = part.content;
  if (content?.$case === "text") return { text: content.value };
  if (content?.$case === "data") return { data: content.value };
  throw new ContentTypeNotSupportedError("Atrium's agents take text and JSON data parts (text/plain, application/json), not files");
}

const toTask = (row: A2aTask, options: { historyLength?: number; includeArtifacts?: boolean } = {}) => Task.fromJSON(wireTask(row, options));

const pageToken = (task: A2aTask) => Buffer.from(`${task.createdAt.toISOString()}_${task.id}`).toString("base64url");

function readPageToken(token: string | undefined) {
  if (!token) return undefined;
  const [at, id] = Buffer.from(token, "base64url").toString("utf8").split("_");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new RequestMalformedError("pageToken is not one this server gave out");
  return { createdAt, id };
}

/**
 * Our service errors as the protocol's: a task that is not the caller's (or missing) is -32001, one
 * that already ended is -32002 on cancel, a bad choice of agent is -32602, too many open tasks is a
 * server error (-32000) saying so. Anything unexpected is logged and answered without internals.
 */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw protocolError(error);
  }
}

function protocolError(error: unknown): unknown {
  if (error instanceof Error && "toErrorInfo" in error) return error; // already the SDK's
  if (error instanceof AppError) {
    if (error.status === 404 && /^Task /.test(error.detail)) return new TaskNotFoundError(error.detail);
    if (error.status === 409) return new TaskNotCancelableError(error.detail);
    if (error.status === 429) return rpcError(-32000, error.detail);
    if (error.status < 500) return new RequestMalformedError(error.detail);
  }
  log.error("A2A request failed", { err: error });
  return rpcError(-32603, "Internal error");
}

const rpcError = (code: number, message: string) => new JsonRpcTransportError({ jsonrpc: "2.0", id: null, error: { code, message } });
