import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRegistered, meshAgent, meshHealth, spaceDetail, taskAccepted, taskDetail, taskSummary, wsInfo } from "@/features/mesh/schemas";
import { z } from "zod";
import { call } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { expectMeshError, mesh, settledTask, startExternalAgent, type ExternalAgent } from "./mesh-support";

const api = setupApi();
let ana: Person;
let ben: Person;
let restoreEnv: () => void;
let coder: ExternalAgent;

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
  coder = await startExternalAgent((body) => ({ json: { type: "response", result: `sorted: ${(body.payload as { task: string }).task}`, artifacts: ["sort.py"] } }));
});
afterAll(async () => {
  await coder?.close();
  restoreEnv?.();
});

const parse = <S extends z.ZodType>(schema: S, res: { status: number; text: string; body: unknown }, status: number): z.output<S> => {
  expect(res.status, res.text).toBe(status);
  return schema.parse(res.body);
};

async function atriumAgent(owner: Person, name: string) {
  const res = await call(api.http, "POST", "/agents", { token: owner.token, json: { name, system_prompt: "Answer briefly." } });
  expect(res.status, res.text).toBe(201);
  return (res.body as { id: string }).id;
}

describe("agentmesh: agents", () => {
  it("GET /health answers the documented body; the agent overview is the caller's own", async () => {
    const anonymous = parse(meshHealth, await mesh(api.http, "GET", "/health"), 200);
    expect(anonymous).toEqual({ status: "ok", timestamp: expect.any(Number), agents: [] });
    expect(Math.abs(anonymous.timestamp - Date.now())).toBeLessThan(60_000);
    parse(agentRegistered, await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "health-probe", name: "Probe", type: "process", capabilities: ["probing"], endpoint: coder.url } }), 201);
    expect(parse(meshHealth, await mesh(api.http, "GET", "/health", { token: ana.token }), 200).agents).toContainEqual({ id: "health-probe", name: "Probe", status: "online" });
    expect(parse(meshHealth, await mesh(api.http, "GET", "/health", { token: ben.token }), 200).agents).toEqual([]);
  });

  it("registers an external agent (201 {id, status: registered}) and lists it with capabilities and last-seen, to its owner only", async () => {
    const before = Date.now();
    const res = await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "my-agent", name: "My Custom Agent", type: "process", capabilities: ["code-generation", "Code-Review"], endpoint: coder.url } });
    expect(parse(agentRegistered, res, 201)).toEqual({ id: "my-agent", status: "registered" });
    const list = parse(z.array(meshAgent), await mesh(api.http, "GET", "/agents", { token: ana.token }), 200);
    const mine = list.find((a) => a.id === "my-agent");
    expect(mine).toMatchObject({ name: "My Custom Agent", type: "process", capabilities: ["code-generation", "code-review"], status: "online", endpoint: coder.url });
    expect(mine!.lastSeen).toBeGreaterThanOrEqual(before - 5);
    expect(parse(z.array(meshAgent), await mesh(api.http, "GET", "/agents", { token: ben.token }), 200).map((a) => a.id)).not.toContain("my-agent");
  });

  it("refuses bad registrations with 422 in seed 001's error body, and anonymous callers with 401", async () => {
    expectMeshError(await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "no-endpoint", type: "process" } }), 422, "VALIDATION_ERROR");
    expectMeshError(await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "ftp", type: "process", endpoint: "ftp://example.com/x" } }), 422, "VALIDATION_ERROR");
    expectMeshError(await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "x", type: "atrium" } }), 422, "VALIDATION_ERROR");
    expectMeshError(await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "x".repeat(101), type: "process", endpoint: coder.url } }), 422, "VALIDATION_ERROR");
    expectMeshError(await mesh(api.http, "POST", "/agents", { json: { id: "x", type: "process", endpoint: coder.url } }), 401, "UNAUTHORIZED");
    expectMeshError(await mesh(api.http, "GET", "/tasks"), 401, "UNAUTHORIZED");
  });

  it("registers an Atrium agent by its id only for its owner (someone else's is AGENT_NOT_FOUND)", async () => {
    const helper = await atriumAgent(ana, "Writer");
    expectMeshError(await mesh(api.http, "POST", "/agents", { token: ben.token, json: { id: helper, type: "atrium", capabilities: ["writing"] } }), 404, "AGENT_NOT_FOUND");
    parse(agentRegistered, await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: helper, type: "atrium", capabilities: ["writing"] } }), 201);
    const listed = parse(z.array(meshAgent), await mesh(api.http, "GET", "/agents", { token: ana.token }), 200).find((a) => a.id === helper);
    expect(listed).toMatchObject({ name: "Writer", type: "atrium", capabilities: ["writing"], status: "online" });
  });
});

describe("agentmesh: tasks", () => {
  it("routes a task by its words to the external agent with that capability; it runs in the background and GET /tasks/:id has the result", async () => {
    const res = await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { type: "request", source: "api", target: "gateway", payload: { task: "Please review this code", options: { stream: false, timeout: 30 } } } });
    const accepted = parse(taskAccepted, res, 202);
    expect(accepted.assigned_agents).toEqual(["my-agent"]);
    const task = await settledTask(api.http, ana.token, accepted.task_id);
    expect(task).toMatchObject({ status: "completed", result: "sorted: Please review this code", error: null });
    const sent = coder.received.at(-1) as { id: string; type: string; payload: { task: string } };
    expect(sent).toMatchObject({ id: accepted.task_id, type: "request", target: "my-agent", payload: { task: "Please review this code" } });
    const detail = parse(taskDetail, await mesh(api.http, "GET", `/tasks/${accepted.task_id}`, { token: ana.token }), 200);
    expect(detail.updated_at).toBeGreaterThanOrEqual(detail.created_at);
  });

  it("routes by requested capability to a local Atrium agent on the built-in model (no key), through the agent's turn", async () => {
    const local = await atriumAgent(ana, "Summariser");
    parse(agentRegistered, await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: local, type: "atrium", capabilities: ["summarising"] } }), 201);
    const accepted = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: { task: "Summarise the meeting", capabilities: ["summarising"] } } }), 202);
    expect(accepted.assigned_agents).toEqual([local]);
    const task = await settledTask(api.http, ana.token, accepted.task_id);
    expect(task.status, JSON.stringify(task)).toBe("completed");
    expect(task.result).toEqual(expect.stringContaining("Summarise the meeting"));
    // The answer is kept like any agent turn: a chat session of the caller's, metered.
    const session = await api.db.chatSession.findFirst({ where: { userId: ana.id, title: "Mesh task: Summariser" } });
    expect(session).not.toBeNull();
  });

  it("a task to an explicit target goes to that agent; an unknown target or capability is 404 AGENT_NOT_FOUND", async () => {
    const accepted = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "health-probe", payload: { task: "anything" } } }), 202);
    expect(accepted.assigned_agents).toEqual(["health-probe"]);
    await settledTask(api.http, ana.token, accepted.task_id);
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "nobody", payload: { task: "x" } } }), 404, "AGENT_NOT_FOUND");
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: { task: "x", capabilities: ["juggling"] } } }), 404, "AGENT_NOT_FOUND");
    // Ben has no agents at all; Ana's are not his.
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ben.token, json: { target: "my-agent", payload: { task: "x" } } }), 404, "AGENT_NOT_FOUND");
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ben.token, json: { payload: { task: "x" } } }), 404, "AGENT_NOT_FOUND");
  });

  it("GET /tasks lists the caller's tasks only; someone else's task is TASK_NOT_FOUND", async () => {
    const list = parse(z.array(taskSummary), await mesh(api.http, "GET", "/tasks", { token: ana.token }), 200);
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list[0].created_at).toBeGreaterThanOrEqual(list.at(-1)!.created_at);
    expect(parse(z.array(taskSummary), await mesh(api.http, "GET", "/tasks", { token: ben.token }), 200)).toEqual([]);
    expectMeshError(await mesh(api.http, "GET", `/tasks/${list[0].id}`, { token: ben.token }), 404, "TASK_NOT_FOUND");
    expectMeshError(await mesh(api.http, "GET", "/tasks/not-a-task", { token: ana.token }), 404, "TASK_NOT_FOUND");
    expectMeshError(await mesh(api.http, "GET", "/tasks?limit=0", { token: ana.token }), 422, "VALIDATION_ERROR");
  });

  it("refuses a task without payload.task, or too long, with 422", async () => {
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: {} } }), 422, "VALIDATION_ERROR");
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: { task: "x".repeat(20_001) } } }), 422, "VALIDATION_ERROR");
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: { task: "x", options: { timeout: 0 } } } }), 422, "VALIDATION_ERROR");
  });

  it("an external agent's error reply fails the task with its code; an unreachable one fails it and marks the agent offline", async () => {
    const grumpy = await startExternalAgent(() => ({ status: 500, json: { error: { code: "OUT_OF_COFFEE", message: "no coffee" } } }));
    try {
      await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "grumpy", type: "process", endpoint: grumpy.url } });
      const failed = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "grumpy", payload: { task: "brew" } } }), 202);
      expect(await settledTask(api.http, ana.token, failed.task_id)).toMatchObject({ status: "failed", error: { code: "OUT_OF_COFFEE", message: "no coffee" } });
    } finally {
      await grumpy.close();
    }
    const gone = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "grumpy", payload: { task: "brew again" } } }), 202);
    const task = await settledTask(api.http, ana.token, gone.task_id);
    expect(task).toMatchObject({ status: "failed", error: { code: "AGENT_UNREACHABLE" } });
    const listed = parse(z.array(meshAgent), await mesh(api.http, "GET", "/agents", { token: ana.token }), 200).find((a) => a.id === "grumpy");
    expect(listed?.status).toBe("offline");
    // Offline agents are not routed to by capability; registering again brings it back.
    await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "grumpy", type: "process", endpoint: grumpy.url } });
    expect(parse(z.array(meshAgent), await mesh(api.http, "GET", "/agents", { token: ana.token }), 200).find((a) => a.id === "grumpy")?.status).toBe("online");
  });

  it("an agent is busy while its task runs; a task that outlives its timeout fails with TASK_TIMEOUT", async () => {
    const slow = await startExternalAgent(() => ({ json: { result: "late" }, delayMs: 3_000 }));
    try {
      await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "slow", type: "process", endpoint: slow.url } });
      const accepted = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "slow", payload: { task: "wait", options: { timeout: 1 } } } }), 202);
      await expect.poll(async () => parse(meshHealth, await mesh(api.http, "GET", "/health", { token: ana.token }), 200).agents.find((a) => a.id === "slow")?.status, { timeout: 900, interval: 50 }).toBe("busy");
      expect(await settledTask(api.http, ana.token, accepted.task_id)).toMatchObject({ status: "failed", error: { code: "TASK_TIMEOUT" } });
    } finally {
      await slow.close();
    }
  });
});

describe("agentmesh: spaces", () => {
  it("creates a space (201 {space_id}); tasks in it add their prompt and answer, and the next task gets them as context", async () => {
    const { space_id } = parse(z.object({ space_id: z.uuid() }), await mesh(api.http, "POST", "/spaces", { token: ana.token, json: { metadata: { name: "Project A", createdBy: "cli" } } }), 201);
    const empty = parse(spaceDetail, await mesh(api.http, "GET", `/spaces/${space_id}`, { token: ana.token }), 200);
    expect(empty).toMatchObject({ shared_space_id: space_id, message_count: 0, artifact_count: 0, metadata: { name: "Project A", createdBy: "cli" }, messages: [] });

    const first = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "my-agent", payload: { task: "write a sort", context: { shared_space_id: space_id } } } }), 202);
    await settledTask(api.http, ana.token, first.task_id);
    const second = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "my-agent", payload: { task: "now test it", context: { shared_space_id: space_id } } } }), 202);
    await settledTask(api.http, ana.token, second.task_id);
    // The second task was sent the first one's prompt and answer.
    const sent = coder.received.at(-1) as { payload: { context: { shared_space_id: string; history: string[] } } };
    expect(sent.payload.context.shared_space_id).toBe(space_id);
    expect(sent.payload.context.history.join("\n")).toMatch(/write a sort[\s\S]*sorted: write a sort/);

    const space = parse(spaceDetail, await mesh(api.http, "GET", `/spaces/${space_id}`, { token: ana.token }), 200);
    expect(space.message_count).toBe(4);
    expect(space.artifact_count).toBe(2);
    expect(space.messages.filter((m) => m.kind === "message").map((m) => m.content)).toEqual(["write a sort", "sorted: write a sort", "now test it", "sorted: now test it"]);
  });

  it("someone else's space, or none, is SPACE_NOT_FOUND (reading it and submitting into it)", async () => {
    const { space_id } = (await mesh(api.http, "POST", "/spaces", { token: ana.token, json: {} })).body as { space_id: string };
    expectMeshError(await mesh(api.http, "GET", `/spaces/${space_id}`, { token: ben.token }), 404, "SPACE_NOT_FOUND");
    expectMeshError(await mesh(api.http, "GET", "/spaces/space-xxx", { token: ana.token }), 404, "SPACE_NOT_FOUND");
    expectMeshError(await mesh(api.http, "POST", "/tasks", { token: ben.token, json: { payload: { task: "x", context: { shared_space_id: space_id } } } }), 404, "SPACE_NOT_FOUND");
    expectMeshError(await mesh(api.http, "POST", "/spaces", { token: ana.token, json: { metadata: "nope" } }), 422, "VALIDATION_ERROR");
  });

  it("POST /spaces with no body creates a space with empty metadata", async () => {
    const res = await mesh(api.http, "POST", "/spaces", { token: ana.token });
    expect(res.status, res.text).toBe(201);
  });
});

describe("agentmesh: credentials and replies", () => {
  it("a personal API key (Bearer atr_...) reaches the same mesh as the person's token", async () => {
    const created = await call(api.http, "POST", "/users/me/api-keys", { token: ana.token, json: { name: "mesh" } });
    expect(created.status, created.text).toBe(201);
    const key = (created.body as { key: string }).key;
    expect(key).toMatch(/^atr_/);
    const ids = parse(z.array(meshAgent), await mesh(api.http, "GET", "/agents", { token: key }), 200).map((a) => a.id);
    expect(ids).toContain("my-agent");
    expectMeshError(await mesh(api.http, "GET", "/agents", { token: "atr_not-a-real-key" }), 401, "UNAUTHORIZED");
  });

  it("an external agent answering plain text completes the task with that text", async () => {
    const plain = await startExternalAgent(() => ({ text: "plain answer" }));
    try {
      await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "plain", type: "process", endpoint: plain.url } });
      const accepted = parse(taskAccepted, await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { target: "plain", payload: { task: "say it" } } }), 202);
      expect(await settledTask(api.http, ana.token, accepted.task_id)).toMatchObject({ status: "completed", result: "plain answer" });
    } finally {
      await plain.close();
    }
  });
});

describe("agentmesh: ws-info", () => {
  it("GET /ws-info points at the SSE stream", async () => {
    const info = parse(wsInfo, await mesh(api.http, "GET", "/ws-info"), 200);
    expect(info.endpoints.events).toBe("/events?taskId=<task_id>&spaceId=<space_id>");
  });
});
