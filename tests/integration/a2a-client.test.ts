import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { a2aAgentDetail, a2aTask, agentList, type A2aTaskDto } from "@/features/a2a/schemas";
import { recoverA2aTasks } from "@/features/a2a/runs/recover";
import { A2A_SEND_JOB } from "@/features/a2a/service/tasks";
import { getJobRunner } from "@/server/jobs";
import { startBackgroundJobs } from "@/server/jobs/start";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { startOutsideAgent, type OutsideAgent } from "./a2a-client-outside-agent";

const api = setupApi();
let echo: OutsideAgent;
let legacy: OutsideAgent;
let keyed: OutsideAgent;
let ana: Person;
let ben: Person;
let restoreEnv = () => {};

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", A2A_POLL_INTERVAL_MS: "100" });
  [echo, legacy, keyed] = await Promise.all([
    startOutsideAgent({ slowMs: 800 }),
    startOutsideAgent({ legacy: true }),
    startOutsideAgent({ name: "Vault", requireKey: { header: "Authorization", value: "Bearer sesame" } }),
  ]);
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
});
afterAll(async () => {
  await Promise.all([echo?.close(), legacy?.close(), keyed?.close()]);
  restoreEnv();
});

const discover = (who: Person, json: unknown) => call(api.http, "POST", "/api/a2a/discover", { token: who.token, json });
const send = (who: Person, agentId: string, message: string) => call(api.http, "POST", "/api/a2a/send", { token: who.token, json: { agent_id: agentId, message } });
const status = (who: Person, id: string) => call(api.http, "GET", `/api/a2a/tasks/${id}/status`, { token: who.token });

async function untilSettled(who: Person, id: string, timeoutMs = 10_000): Promise<A2aTaskDto> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = expectOk(await status(who, id), 200, a2aTask);
    if (!["submitted", "working"].includes(task.state)) return task;
    if (Date.now() > deadline) throw new Error(`task still ${task.state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("discovering an outside A2A agent by URL", () => {
  it("fetches its agent card and keeps it with its skills; discovering it again updates the same agent", async () => {
    const found = expectOk(await discover(ana, { url: echo.url }), 200, a2aAgentDetail);
    expect(found).toMatchObject({ name: "Echo Agent", url: echo.url, card_url: `${echo.url}/.well-known/agent-card.json`, tool_name: "a2a_echo_agent", version: "1.0.0", last_error: null, header_keys: [] });
    expect(found.skills).toEqual([{ id: "echo", name: "Echo", description: "Says it back", tags: ["test"], examples: ["hello"] }]);

    const again = expectOk(await discover(ana, { url: `${echo.url}/` }), 200, a2aAgentDetail);
    expect(again.id).toBe(found.id);
    const listed = expectOk(await call(api.http, "GET", "/api/a2a/agents", { token: ana.token }), 200, agentList);
    expect(listed.agents.map((a) => a.id)).toEqual([found.id]);
    expect(expectOk(await call(api.http, "GET", `/api/a2a/agents/${found.id}`, { token: ana.token }), 200, a2aAgentDetail).card).toMatchObject({ name: "Echo Agent" });
  });

  it("falls back to seed 000's /.well-known/agent.json (a v0.3 card) and can send to it", async () => {
    const found = expectOk(await discover(ana, { url: legacy.url }), 200, a2aAgentDetail);
    expect(found).toMatchObject({ name: "Old Echo", card_url: `${legacy.url}/.well-known/agent.json`, tool_name: "a2a_old_echo" });
    const task = expectOk(await send(ana, found.id, "hello old friend"), 202, a2aTask);
    const done = await untilSettled(ana, task.id);
    expect(done).toMatchObject({ state: "completed", result: "Echo: hello old friend", error: null });
  });

  it("says why a URL is not an agent: 422 for no card or not JSON, 502 when nothing answers", async () => {
    const site = createServer((req, res) => {
      if (req.url === "/.well-known/agent-card.json") return res.end("<html>hello</html>");
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      const notCard = expectProblem(await discover(ana, { url: siteUrl }), 422);
      expect(notCard.error).toBe("NOT_AN_AGENT_CARD");
      expect(notCard.detail).toMatch(/agent-card\.json: not JSON/);
      expect(notCard.detail).toMatch(/agent\.json: HTTP 404/);
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
    const unreachable = expectProblem(await discover(ana, { url: siteUrl }), 502);
    expect(unreachable.detail).toMatch(/Could not reach/);
    expectProblem(await discover(ana, { url: "ftp://example.com" }), 422);
  });

  it("refuses private addresses unless OUTBOUND_ALLOW_PRIVATE is set", async () => {
    const undo = withEnv({ OUTBOUND_ALLOW_PRIVATE: undefined });
    try {
      expectProblem(await discover(ana, { url: echo.url }), 400);
    } finally {
      undo();
    }
  });

  it("keeps an API key encrypted, sends it to the agent, and never returns it", async () => {
    // The card is public: discovering works without a key, but sending then fails at the agent.
    const bare = expectOk(await discover(ana, { url: keyed.url }), 200, a2aAgentDetail);
    const refused = await untilSettled(ana, expectOk(await send(ana, bare.id, "let me in"), 202, a2aTask).id);
    expect(refused).toMatchObject({ state: "failed", error: expect.stringMatching(/401/) });
    const found = expectOk(await discover(ana, { url: keyed.url, api_key: "sesame" }), 200, a2aAgentDetail);
    expect(found.id).toBe(bare.id);
    expect(found.header_keys).toEqual(["Authorization"]);
    expect(JSON.stringify(found)).not.toContain("sesame");
    const row = await api.db.a2aRemoteAgent.findUniqueOrThrow({ where: { id: found.id } });
    expect(row.headersEnc).toBeTruthy();
    expect(row.headersEnc).not.toContain("sesame");

    const done = await untilSettled(ana, expectOk(await send(ana, found.id, "open"), 202, a2aTask).id);
    expect(done).toMatchObject({ state: "completed", result: "Echo: open" });
    expect(keyed.headers.at(-1)?.authorization).toBe("Bearer sesame");
    // Discovering again without credentials keeps the stored ones.
    expectOk(await discover(ana, { url: keyed.url }), 200, a2aAgentDetail);
    const still = await untilSettled(ana, expectOk(await send(ana, found.id, "again"), 202, a2aTask).id);
    expect(still.state).toBe("completed");
  });

  it("shows each person only their own agents and tasks (404 for another's ids)", async () => {
    const mine = expectOk(await call(api.http, "GET", "/api/a2a/agents", { token: ana.token }), 200, agentList);
    expect(expectOk(await call(api.http, "GET", "/api/a2a/agents", { token: ben.token }), 200, agentList).total).toBe(0);
    const id = mine.agents[0].id;
    expectProblem(await call(api.http, "GET", `/api/a2a/agents/${id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "DELETE", `/api/a2a/agents/${id}`, { token: ben.token }), 404);
    expectProblem(await send(ben, id, "hi"), 404);
    const task = expectOk(await send(ana, id, "mine"), 202, a2aTask);
    expectProblem(await status(ben, task.id), 404);
    expectProblem(await call(api.http, "GET", "/api/a2a/agents", {}), 401);
    expectProblem(await send(ana, id, ""), 422);
  });
});

describe("sending tasks", () => {
  let agentId: string;
  beforeAll(async () => {
    agentId = expectOk(await discover(ana, { url: echo.url }), 200, a2aAgentDetail).id;
  });

  it("answers 202 with the submitted task, then the job sends it and records the answer", async () => {
    const task = expectOk(await send(ana, agentId, "hello there"), 202, a2aTask);
    expect(task).toMatchObject({ state: "submitted", agent_name: "Echo Agent", message: "hello there", result: null });
    const done = await untilSettled(ana, task.id);
    expect(done).toMatchObject({ state: "completed", result: "Echo: hello there", error: null, remote_task_id: expect.any(String) });
    expect(done.finished_at).not.toBeNull();
    expect(echo.received).toContain("hello there");
  });

  it("follows a slow task while it works, and records a failed one with the agent's words", async () => {
    const slow = expectOk(await send(ana, agentId, "slow please"), 202, a2aTask);
    const working = await (async () => {
      for (let i = 0; i < 100; i++) {
        const t = expectOk(await status(ana, slow.id), 200, a2aTask);
        if (t.state === "working" && t.remote_task_id) return t;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error("never saw it working");
    })();
    expect(working.result).toBeNull();
    expect(await untilSettled(ana, slow.id)).toMatchObject({ state: "completed", result: "Echo: slow please" });

    const failing = await untilSettled(ana, expectOk(await send(ana, agentId, "please fail"), 202, a2aTask).id);
    expect(failing).toMatchObject({ state: "failed", error: "I cannot do that" });
  });

  it("a task whose process died is followed again by recovery, without sending the message twice", async () => {
    const runner = await startBackgroundJobs();
    const before = echo.received.length;
    const task = expectOk(await send(ana, agentId, "slow recovery"), 202, a2aTask);
    let row = await api.db.a2aOutboundTask.findUniqueOrThrow({ where: { id: task.id } });
    for (let i = 0; i < 100 && !row.remoteTaskId; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      row = await api.db.a2aOutboundTask.findUniqueOrThrow({ where: { id: task.id } });
    }
    expect(row.remoteTaskId).toBeTruthy();
    // The process following it "dies": its job stops, and the row still names a dead owner.
    await runner.cancel(task.id);
    await api.db.a2aOutboundTask.update({ where: { id: task.id }, data: { owner: "dead-process", heartbeatAt: new Date(0), state: "working" } });
    expect(await recoverA2aTasks(api.db, getJobRunner(), { exclusive: true })).toBe(1);
    const done = await untilSettled(ana, task.id);
    expect(done).toMatchObject({ state: "completed", result: "Echo: slow recovery" });
    expect(echo.received.length - before).toBe(1);
    expect(runner.isRegistered(A2A_SEND_JOB)).toBe(true);
  });

  it("fails a task interrupted too often instead of leaving it working", async () => {
    const row = await api.db.a2aOutboundTask.create({ data: { id: randomUUID(), userId: ana.id, agentId, message: "lost", state: "working", owner: "dead", heartbeatAt: new Date(0), attempts: 2 } });
    await recoverA2aTasks(api.db, getJobRunner(), { exclusive: true });
    expect(expectOk(await status(ana, row.id), 200, a2aTask)).toMatchObject({ state: "failed", error: expect.stringMatching(/interrupted/) });
  });

  it("removing an agent removes its tasks", async () => {
    const other = expectOk(await discover(ben, { url: legacy.url }), 200, a2aAgentDetail);
    const task = await untilSettled(ben, expectOk(await send(ben, other.id, "bye"), 202, a2aTask).id);
    expectNoContent(await call(api.http, "DELETE", `/api/a2a/agents/${other.id}`, { token: ben.token }));
    expectProblem(await status(ben, task.id), 404);
    expectProblem(await call(api.http, "GET", `/api/a2a/agents/${other.id}`, { token: ben.token }), 404);
  });
});
