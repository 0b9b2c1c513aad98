import { Role, StreamResponse, Task, TaskState } from "@a2a-js/sdk";
import { describe, expect, it } from "vitest";
import type { A2aTask } from "@/generated/prisma/client";
import { paramsByMethod } from "@/features/a2a-server/protocol/params";
import { agentMessage, artifactEvent, closesStream, statusEvent, wireTask } from "@/features/a2a-server/service/wire";

const row = (over: Partial<A2aTask> = {}): A2aTask => ({
  id: "7b3c1f2e-1111-4a4a-8b8b-000000000001",
  userId: "7b3c1f2e-1111-4a4a-8b8b-000000000002",
  agentId: "7b3c1f2e-1111-4a4a-8b8b-000000000003",
  contextId: "ctx-1",
  state: "completed",
  surface: "a2a",
  prompt: "hi",
  history: [
    { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }], contextId: "ctx-1", taskId: "7b3c1f2e-1111-4a4a-8b8b-000000000001" },
    agentMessage({ id: "7b3c1f2e-1111-4a4a-8b8b-000000000001", contextId: "ctx-1" }, "m2", "You said: hi"),
  ] as unknown as A2aTask["history"],
  artifacts: [{ artifactId: "answer", name: "answer", parts: [{ text: "You said: hi" }] }],
  error: null,
  sessionId: null,
  jobId: null,
  attempts: 1,
  owner: null,
  heartbeatAt: null,
  statusAt: new Date("2026-12-02T10:00:00Z"),
  createdAt: new Date("2026-12-02T09:59:59Z"),
  updatedAt: new Date("2026-12-02T10:00:00Z"),
  ...over,
});

describe("A2A 1.0 JSON written by hand, read by the SDK's codecs", () => {
  it("a completed task: state, answer artifact, history and the agent's message as its status", () => {
    const task = Task.fromJSON(wireTask(row()));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.status?.timestamp).toBe("2026-12-02T10:00:00.000Z");
    expect(task.status?.message?.role).toBe(Role.ROLE_AGENT);
    expect(task.artifacts[0].parts[0].content).toEqual({ $case: "text", value: "You said: hi" });
    expect(task.history.map((m) => m.role)).toEqual([Role.ROLE_USER, Role.ROLE_AGENT]);
    expect(task.metadata).toMatchObject({ agentId: "7b3c1f2e-1111-4a4a-8b8b-000000000003" });
  });

  it("historyLength: absent keeps all, 0 none, n the newest n; artifacts can be left out", () => {
    expect(Task.fromJSON(wireTask(row(), { historyLength: 0 })).history).toEqual([]);
    expect(Task.fromJSON(wireTask(row(), { historyLength: 1 })).history.map((m) => m.messageId)).toEqual(["m2"]);
    expect(Task.fromJSON(wireTask(row(), { includeArtifacts: false })).artifacts).toEqual([]);
  });

  it("a failed or canceled task says why in its status message; canceled is TASK_STATE_CANCELED", () => {
    const failed = Task.fromJSON(wireTask(row({ state: "failed", history: [], artifacts: [], error: "The agent could not answer" })));
    expect(failed.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(failed.status?.message?.parts[0].content).toEqual({ $case: "text", value: "The agent could not answer" });
    expect(statusEvent(row({ state: "canceled" }))).toMatchObject({ statusUpdate: { status: { state: "TASK_STATE_CANCELED" } } });
  });

  it("stream events: artifact chunks keep appending, and only terminal or interrupted states close a stream", () => {
    const chunk = StreamResponse.fromJSON(artifactEvent({ id: "t", contextId: "c" }, "more", true, false));
    expect(chunk.payload?.$case).toBe("artifactUpdate");
    expect(chunk.payload?.$case === "artifactUpdate" && chunk.payload.value.append).toBe(true);
    expect(closesStream(statusEvent(row({ state: "working" })))).toBe(false);
    expect(closesStream(statusEvent(row({ state: "submitted" })))).toBe(false);
    for (const state of ["completed", "failed", "canceled"]) expect(closesStream(statusEvent(row({ state })))).toBe(true);
    expect(closesStream({ statusUpdate: { status: { state: "TASK_STATE_INPUT_REQUIRED" } } })).toBe(true);
    expect(closesStream(artifactEvent({ id: "t", contextId: "c" }, "x", false, true))).toBe(false);
  });
});

describe("JSON-RPC params bounds", () => {
  const send = paramsByMethod.SendMessage;
  it("accepts a plain text message and refuses empty, oversized or ambiguous parts", () => {
    expect(send.safeParse({ message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "hi" }] } }).success).toBe(true);
    expect(send.safeParse({ message: { parts: [] } }).success).toBe(false);
    expect(send.safeParse({ message: { parts: [{ text: "x".repeat(100_001) }] } }).success).toBe(false);
    expect(send.safeParse({ message: { parts: [{ text: "a", data: {} }] } }).success).toBe(false);
    expect(send.safeParse({ message: { parts: Array.from({ length: 51 }, () => ({ text: "a" })) } }).success).toBe(false);
    expect(paramsByMethod.ListTasks.safeParse({ pageSize: 101 }).success).toBe(false);
    expect(paramsByMethod.GetTask.safeParse({ id: "" }).success).toBe(false);
  });
});
