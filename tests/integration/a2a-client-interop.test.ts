import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { a2aAgentDetail, a2aTask, type A2aTaskDto } from "@/features/a2a/schemas";
import { call, expectOk } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { apiKey, deployedAgent } from "./a2a-server-support";

/**
 * Atrium's A2A client against an Atrium A2A server (this one, over real HTTP): one person's
 * deployed agent, reached by another person's discovered agent with the first one's API key.
 */
const api = setupApi();
let ana: Person;
let ben: Person;
let restoreEnv = () => {};

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", A2A_POLL_INTERVAL_MS: "100" });
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
});
afterAll(() => restoreEnv());

async function untilSettled(who: Person, id: string, timeoutMs = 60_000): Promise<A2aTaskDto> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = expectOk(await call(api.http, "GET", `/api/a2a/tasks/${id}/status`, { token: who.token }), 200, a2aTask);
    if (!["submitted", "working"].includes(task.state)) return task;
    if (Date.now() > deadline) throw new Error(`task still ${task.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("Atrium's A2A client talking to an Atrium A2A server", () => {
  it("discovers the instance's card with a key, sees the deployed agent as a skill, and gets its answer", async () => {
    await deployedAgent(api.http, ana, "Greeter");
    const key = await apiKey(api.http, ana);
    const found = expectOk(await call(api.http, "POST", "/api/a2a/discover", { token: ben.token, json: { url: api.http.url, api_key: key } }), 200, a2aAgentDetail);
    expect(found.card_url).toBe(`${api.http.url}/.well-known/agent-card.json`);
    expect(found.header_keys.length).toBe(1);
    expect(found.skills.map((s) => s.name)).toContain("Greeter");
    const task = expectOk(await call(api.http, "POST", "/api/a2a/send", { token: ben.token, json: { agent_id: found.id, message: "Hello from the client" } }), 202, a2aTask);
    const done = await untilSettled(ben, task.id);
    expect(done.state).toBe("completed");
    expect(done.result).toContain("Hello from the client");
    expect(done.remote_task_id).toBeTruthy();
  }, 120_000);
});
