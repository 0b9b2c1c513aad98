import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { approval } from "@/features/approvals/schemas";
import { chatReply } from "@/features/chat/schemas";
import { agentRun } from "@/features/chat/run-schemas";
import { closeJobRunner } from "@/server/jobs";
import { startBackgroundJobs } from "@/server/jobs/start";
import { expireOverdue } from "@/features/approvals/service/approvals";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse, type SseClient } from "../support/sse";

const api = setupApi();

const auth = (who: Person) => ({ authorization: `Bearer ${who.token}` });
const getRun = async (who: Person, runId: string) => expectOk(await call(api.http, "GET", `/agent-runs/${runId}`, { token: who.token }), 200, agentRun);
const ASK = 'call tool calculator with {"expression": "6 * 7"}';

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An agent on the built-in model whose calculator calls wait for approval. */
async function writer(who: Person) {
  return expectOk(
    await call(api.http, "POST", "/agents", { token: who.token, json: { name: "Release-notes writer", include_tools: ["calculator", "current_time"], approval_tools: ["calculator"] } }),
    201,
    agent,
  );
}

/** Starts a streamed chat and reads until the run asks for approval. */
async function startWaiting(who: Person, agentId: string, body: Record<string, unknown> = {}) {
  const stream = await openSse(`${api.http.url}/api/v1/agent-chat/${agentId}/stream`, auth(who), { message: ASK, ...body });
  const runId = stream.response.headers.get("x-run-id")!;
  const seen = [];
  for (;;) {
    const [event] = await stream.next(1);
    seen.push(event);
    if (event.event === "approval_required") break;
  }
  const required = JSON.parse(seen.at(-1)!.data) as { approval_id: string; tool: string; arguments: unknown; description: string };
  return { stream, runId, seen, required };
}

async function restOf(stream: SseClient) {
  return (await stream.rest()).map((e) => ({ event: e.event, data: JSON.parse(e.data) as Record<string, unknown> }));
}

describe("agent tool calls that need approval", () => {
  it("pause the run (waiting), notify the owner, and go on with the tool's result once approved", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    expect(bot.approval_tools).toEqual(["calculator"]);
    const { stream, runId, seen, required } = await startWaiting(ana, bot.id);
    expect(seen.map((e) => e.event)).toEqual(["tool_call", "approval_required"]);
    expect(required).toMatchObject({ tool: "calculator", arguments: { expression: "6 * 7" }, description: "Release-notes writer wants to call calculator" });

    expect((await getRun(ana, runId)).status).toBe("waiting");
    const pending = expectOk(await call(api.http, "GET", `/api/approvals/${required.approval_id}`, { token: ana.token }), 200, approval);
    expect(pending).toMatchObject({ status: "pending", source: "agent_tool", action: "calculator", agent_id: bot.id, agent_name: "Release-notes writer", run_id: runId, payload: { expression: "6 * 7" } });
    const bell = await api.db.notification.findFirstOrThrow({ where: { userId: ana.id, type: "approval_requested" } });
    expect(bell.title).toBe("Release-notes writer wants to call calculator");
    // Nothing is stored while it waits: the reply is stored once, whole.
    expect(await api.db.chatMessage.count({ where: { session: { userId: ana.id }, role: "assistant" } })).toBe(0);

    const approved = expectOk(await call(api.http, "POST", `/api/approvals/${required.approval_id}/approve`, { token: ana.token, json: {} }), 200, approval);
    expect(approved).toMatchObject({ status: "approved", decided_by: ana.id });

    const rest = await restOf(stream);
    const names = rest.map((e) => e.event);
    expect(names[0]).toBe("approval_resolved");
    expect(rest[0].data).toMatchObject({ status: "approved", tool: "calculator" });
    expect(rest[1]).toMatchObject({ event: "tool_result", data: { name: "calculator", result: { result: 42 } } });
    expect(names).toContain("token");
    expect(names.at(-1)).toBe("done");

    const run = await getRun(ana, runId);
    expect(run.status).toBe("succeeded");
    const reply = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId: run.session_id!, role: "assistant" } });
    expect(reply.content).toContain("42");
    expect(reply.toolCalls).toMatchObject([{ name: "calculator", arguments: { expression: "6 * 7" } }]);
    expect(reply.toolResults).toMatchObject([{ name: "calculator", result: { result: 42 } }]);
    const session = await api.db.chatSession.findUniqueOrThrow({ where: { id: run.session_id! } });
    expect(session.headMessageId).toBe(reply.id);
  });

  it("end the run with a clear message in the chat when rejected", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    const { stream, runId, required } = await startWaiting(ana, bot.id);
    expectOk(await call(api.http, "POST", `/api/approvals/${required.approval_id}/reject`, { token: ana.token, json: { comment: "not now" } }), 200, approval);
    const rest = await restOf(stream);
    expect(rest.map((e) => e.event)).toEqual(["approval_resolved", "tool_result", "token", "done"]);
    expect(rest[2].data.content).toBe("The owner rejected the call to calculator.");
    expect(rest[3].data).toMatchObject({ finish_reason: "approval_rejected" });
    const run = await getRun(ana, runId);
    expect(run.status).toBe("succeeded");
    const reply = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId: run.session_id!, role: "assistant" } });
    expect(reply.content).toBe("The owner rejected the call to calculator.");
    expect(reply.toolResults).toMatchObject([{ name: "calculator", result: { error: "The owner rejected the call to calculator" } }]);
  });

  it("keep waiting when the chat tab closes, and answer the JSON caller once decided", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    const { stream, runId, required } = await startWaiting(ana, bot.id);
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getRun(ana, runId)).status).toBe("waiting");

    // Reconnecting to the waiting run's events replays them and stays open.
    const again = await openSse(`${api.http.url}/api/v1/agent-runs/${runId}/events`, auth(ana));
    expect((await again.next(2)).map((e) => e.event)).toEqual(["tool_call", "approval_required"]);
    expectOk(await call(api.http, "POST", `/api/v1/approval/${required.approval_id}/decision`, { token: ana.token, json: { decision: "approve" } }), 200, approval);
    expect((await restOf(again)).at(-1)?.event).toBe("done");
    expect((await getRun(ana, runId)).status).toBe("succeeded");

    // A JSON (non-streaming) chat waits for the decision too.
    const pendingJson = call(api.http, "POST", `/agent-chat/${bot.id}`, { token: ana.token, json: { message: ASK } });
    const waiting = await until(
      () => api.db.approval.findFirst({ where: { ownerId: ana.id, status: "pending" } }),
      (a) => a !== null,
    );
    expectOk(await call(api.http, "POST", `/api/approvals/${waiting!.id}/approve`, { token: ana.token }), 200, approval);
    const reply = expectOk(await pendingJson, 200, chatReply);
    expect(reply.tool_calls).toMatchObject([{ name: "calculator", result: { result: 42 } }]);
  });

  it("resume after a restart: the waiting run is not failed by recovery and completes once approved", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    const { stream, runId, required } = await startWaiting(ana, bot.id, { continue_on_disconnect: true });
    stream.close();

    // The restart: the runner stops (as the process would), a new one starts and recovers.
    await closeJobRunner();
    await startBackgroundJobs();
    expect((await getRun(ana, runId)).status).toBe("waiting");

    expectOk(await call(api.http, "POST", `/api/approvals/${required.approval_id}/approve`, { token: ana.token }), 200, approval);
    const done = await until(() => getRun(ana, runId), (r) => r.status !== "waiting" && r.status !== "running");
    expect(done.status).toBe("succeeded");
    const reply = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId: done.session_id!, role: "assistant" } });
    expect(reply.content).toContain("42");
  });

  it("end the run saying so when the approval expires undecided", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    const { stream, runId, required } = await startWaiting(ana, bot.id);
    await api.db.approval.update({ where: { id: required.approval_id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectProblem(await call(api.http, "POST", `/api/approvals/${required.approval_id}/approve`, { token: ana.token }), 409);
    await expireOverdue(api.db);
    const rest = await restOf(stream);
    expect(rest[0].data).toMatchObject({ status: "expired" });
    expect(rest.at(-1)).toMatchObject({ event: "done", data: { finish_reason: "approval_expired" } });
    const run = await getRun(ana, runId);
    const reply = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId: run.session_id!, role: "assistant" } });
    expect(reply.content).toBe("The approval request for calculator expired, so it was not called.");
  });

  it("a cancelled waiting run stays cancelled when its approval is decided later", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    const { stream, runId, required } = await startWaiting(ana, bot.id);
    expectOk(await call(api.http, "POST", `/agent-runs/${runId}/cancel`, { token: ana.token }), 200, agentRun);
    expect((await restOf(stream)).map((e) => e.event)).toEqual(["error"]);
    expectOk(await call(api.http, "POST", `/api/approvals/${required.approval_id}/approve`, { token: ana.token }), 200, approval);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getRun(ana, runId)).status).toBe("cancelled");
  });

  it("tools that are not flagged run at once, without an approval", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bot = await writer(ana);
    const reply = expectOk(await call(api.http, "POST", `/agent-chat/${bot.id}`, { token: ana.token, json: { message: 'call tool current_time with {"timezone": "UTC"}' } }), 200, chatReply);
    expect(reply.tool_calls[0]).toMatchObject({ name: "current_time", result: { timezone: "UTC" } });
    expect(await api.db.approval.count({ where: { ownerId: ana.id } })).toBe(0);
  });
});
