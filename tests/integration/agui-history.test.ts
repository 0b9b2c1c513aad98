import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { historySnapshot, runAccepted } from "@/features/agui/schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";

/** GET /agent/runs/{thread_id}/history and GET /agent/history: a thread's messages by day (UTC). */
const api = setupApi();

async function converse(who: Person, threadId: string, text: string) {
  const body = { threadId, runId: randomUUID(), messages: [{ id: randomUUID(), role: "user", content: text }] };
  expectOk(await call(api.http, "POST", "/agent/runs", { token: who.token, json: body }), 202, runAccepted);
  await (await openSse(`${api.http.url}/api/v1/agent/runs/${threadId}/events`, { authorization: `Bearer ${who.token}` })).rest();
}

/** Moves the thread's messages with this content to noon (UTC) of `day`. */
async function backdate(threadId: string, contents: string[], day: string) {
  await api.db.aguiMessage.updateMany({ where: { threadId, content: { in: contents } }, data: { createdAt: new Date(`${day}T12:00:00Z`) } });
}

const history = async (who: Person, path: string) => expectOk(await call(api.http, "GET", path, { token: who.token }), 200, historySnapshot);

describe("history by day", () => {
  it("answers the latest day, then earlier days with before=, with hasMore until the first", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await converse(ana, threadId, "monday question");
    await converse(ana, threadId, "wednesday question");
    await converse(ana, threadId, "today question");
    await backdate(threadId, ["monday question", "You said: monday question"], "2026-03-02");
    await backdate(threadId, ["wednesday question", "You said: wednesday question"], "2026-03-04");

    const today = await history(ana, `/agent/runs/${threadId}/history`);
    expect(today).toMatchObject({ type: "STATE_SNAPSHOT", threadId, snapshot: { scope: "history_day", threadId, day: new Date().toISOString().slice(0, 10), hasMore: true } });
    expect(today.snapshot.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "today question"],
      ["assistant", "You said: today question"],
    ]);

    const wednesday = await history(ana, `/agent/runs/${threadId}/history?before=${today.snapshot.day}`);
    expect(wednesday.snapshot).toMatchObject({ day: "2026-03-04", hasMore: true });
    expect(wednesday.snapshot.messages.map((m) => m.content)).toEqual(["wednesday question", "You said: wednesday question"]);

    const monday = await history(ana, `/agent/runs/${threadId}/history?before=2026-03-04`);
    expect(monday.snapshot).toMatchObject({ day: "2026-03-02", hasMore: false });
    expect(monday.snapshot.messages.map((m) => m.content)).toEqual(["monday question", "You said: monday question"]);

    const none = await history(ana, `/agent/runs/${threadId}/history?before=2026-03-02`);
    expect(none.snapshot).toMatchObject({ day: null, hasMore: false, messages: [] });
  });

  it("GET /agent/history reads the most recently active thread unless threadId names one", async () => {
    const ana = await person(api.http, api.db, "ana");
    const empty = await history(ana, "/agent/history");
    expect(empty.snapshot).toMatchObject({ scope: "history_day", day: null, hasMore: false, messages: [] });

    const older = randomUUID();
    const newer = randomUUID();
    await converse(ana, older, "older thread");
    await converse(ana, newer, "newer thread");
    const latest = await history(ana, "/agent/history");
    expect(latest.threadId).toBe(newer);
    expect(latest.snapshot.messages[0].content).toBe("newer thread");
    const named = await history(ana, `/agent/history?threadId=${older}`);
    expect(named.snapshot).toMatchObject({ threadId: older });
    expect(named.snapshot.messages[0].content).toBe("older thread");
  });

  it("keeps tool calls and results in the AG-UI message shape", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    const tool = { name: "pick_colour", description: "Let the person pick", parameters: { type: "object", properties: {} } };
    const body = { threadId, runId: randomUUID(), tools: [tool], messages: [{ id: randomUUID(), role: "user", content: "call tool pick_colour with {}" }] };
    expectOk(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: body }), 202, runAccepted);
    await (await openSse(`${api.http.url}/api/v1/agent/runs/${threadId}/events`, { authorization: `Bearer ${ana.token}` })).rest();
    const day = await history(ana, `/agent/runs/${threadId}/history`);
    const assistant = day.snapshot.messages[1];
    expect(assistant).toMatchObject({ role: "assistant", toolCalls: [{ type: "function", function: { name: "pick_colour", arguments: "{}" } }] });
  });

  it("422 for a before that is not a day, 404 for an unknown thread, 403 for someone else's", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const threadId = randomUUID();
    await converse(ana, threadId, "private");
    expect(issuePaths(expectProblem(await call(api.http, "GET", `/agent/runs/${threadId}/history?before=March`, { token: ana.token }), 422))).toEqual(["query.before"]);
    expectProblem(await call(api.http, "GET", `/agent/runs/${threadId}/history?before=2026-02-30`, { token: ana.token }), 422);
    expectProblem(await call(api.http, "GET", `/agent/history?threadId=nope`, { token: ana.token }), 422);
    expectProblem(await call(api.http, "GET", `/agent/runs/${randomUUID()}/history`, { token: ana.token }), 404);
    expectProblem(await call(api.http, "GET", `/agent/runs/${threadId}/history`, { token: ben.token }), 403);
    const bens = await history(ben, "/agent/history");
    expect(bens.snapshot.messages).toEqual([]);
  });
});
