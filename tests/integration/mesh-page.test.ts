import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor, expectTrpcError } from "../support/trpc";
import { expectMeshError, mesh, settledTask } from "./mesh-support";

/** The mesh page's procedures (tRPC), and Atrium agents shared between people in the mesh. */
const api = setupApi();
let ana: Person;
let ben: Person;
let shared: string;
let viewOnly: string;

beforeAll(async () => {
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
  const agent = async (name: string) => ((await call(api.http, "POST", "/agents", { token: ana.token, json: { name, system_prompt: "Answer." } })).body as { id: string }).id;
  shared = await agent("Ana's shared helper");
  viewOnly = await agent("Ana's view-only helper");
  for (const [id, level] of [[shared, "use"], [viewOnly, "view"]]) {
    const grant = await call(api.http, "POST", `/permissions/resources/agent/${id}/grants`, { token: ana.token, json: { user_id: ben.id, level } });
    expect(grant.status, grant.text).toBeLessThan(300);
  }
});

describe("Atrium agents shared with someone, in their mesh", () => {
  it("the page offers an agent shared at use (marked shared), not one shared only to view", async () => {
    const offered = await callerFor(api.db, ben.id).mesh.atriumAgents();
    expect(offered).toEqual([{ id: shared, name: "Ana's shared helper", shared: true }]);
  });

  it("registers the shared agent and runs a task on it as the person who submitted it; a view-only share is 403", async () => {
    expect((await mesh(api.http, "POST", "/agents", { token: ben.token, json: { id: shared, type: "atrium", capabilities: ["helping"] } })).status).toBe(201);
    expectMeshError(await mesh(api.http, "POST", "/agents", { token: ben.token, json: { id: viewOnly, type: "atrium" } }), 403, "FORBIDDEN");
    const accepted = await callerFor(api.db, ben.id).mesh.submit({ task: "helping hand wanted" });
    expect(accepted.assigned_agents).toEqual([shared]);
    expect(await settledTask(api.http, ben.token, accepted.task_id)).toMatchObject({ status: "completed", result: expect.stringContaining("helping hand wanted") });
    // Ana owns the agent, not Ben's mesh: she sees neither his registration nor his task.
    expect((await mesh(api.http, "GET", "/agents", { token: ana.token })).body).toEqual([]);
    expectMeshError(await mesh(api.http, "GET", `/tasks/${accepted.task_id}`, { token: ana.token }), 404, "TASK_NOT_FOUND");
  });

  it("the page's procedures: spaces, tasks and agents of the signed-in person only; signed out is refused", async () => {
    const caller = callerFor(api.db, ben.id);
    const { space_id } = await caller.mesh.createSpace({ name: "Ben's space" });
    expect((await caller.mesh.spaces()).map((s) => s.id)).toContain(space_id);
    expect(await callerFor(api.db, ana.id).mesh.spaces()).toEqual([]);
    await expectTrpcError(callerFor(api.db, ana.id).mesh.space({ id: space_id }), "NOT_FOUND");
    expect((await caller.mesh.tasks()).length).toBeGreaterThanOrEqual(1);
    await caller.mesh.unregister({ id: shared });
    expect(await caller.mesh.agents()).toEqual([]);
    await expectTrpcError(callerFor(api.db, null).mesh.agents(), "UNAUTHORIZED");
  });
});
