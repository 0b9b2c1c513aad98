import { describe, expect, it } from "vitest";
import { execution, exportDoc, templateDetail, templateList, validationResult, versionDetail, versionList, workflow, workflowPage } from "@/features/workflows/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor, expectTrpcError } from "../support/trpc";

const api = setupApi();

const graph = (prompt = "Say hi to {{ input.name }}") => ({
  nodes: [
    { id: "start", type: "start", config: { input_schema: [{ name: "name", type: "string", required: true }] } },
    { id: "transform", type: "transform", config: { expression: "\"Hello \" & input.name" } },
    { id: "end", type: "end", config: { output: { greeting: "{{ nodes.transform.output }}", prompt } } },
  ],
  edges: [
    { id: "a", source: "start", target: "transform" },
    { id: "b", source: "transform", target: "end" },
  ],
});

const create = async (who: Person, json: Record<string, unknown>) => expectOk(await call(api.http, "POST", "/workflows", { token: who.token, json }), 201, workflow);
const share = async (owner: Person, id: string, to: Person, level: string) => {
  const res = await call(api.http, "POST", `/permissions/resources/workflow/${id}/grants`, { token: owner.token, json: { user_id: to.id, level } });
  expect(res.status, res.text).toBe(201);
};

describe("workflows: create, read, list", () => {
  it("creates with a starter graph, reads it back, lists it with search", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await create(ana, { name: "Greeter", description: "Says hi" });
    expect(created).toMatchObject({ name: "Greeter", version: 1, owner_id: ana.id, access: "owner", webhook_enabled: false, template_id: null });
    expect(created.definition.nodes.map((n) => n.type)).toEqual(["start", "end"]);
    expect(expectOk(await call(api.http, "GET", `/workflows/${created.id}`, { token: ana.token }), 200, workflow)).toEqual(created);
    await create(ana, { name: "Other", definition: graph() });
    const page = expectOk(await call(api.http, "GET", "/workflows?search=greet", { token: ana.token }), 200, workflowPage);
    expect(page.items.map((w) => w.name)).toEqual(["Greeter"]);
    expect(page.total).toBe(1);
  });

  it("refuses a malformed definition with field paths, and an unauthenticated caller", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bad = await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "x", definition: { nodes: [{ id: "bad id!", type: "nope" }], edges: [] } } });
    const problem = expectProblem(bad, 422, "VALIDATION_ERROR");
    expect(issuePaths(problem)).toEqual(["body.definition.nodes.0.id", "body.definition.nodes.0.type"]);
    expectProblem(await call(api.http, "GET", "/workflows"), 401);
  });

  it("hides someone else's workflow (404) and shares by level: view reads, use runs, edit saves, only the owner deletes", async () => {
    const [ana, ben, cy] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben"), person(api.http, api.db, "cy")]);
    const wf = await create(ana, { name: "Shared", definition: graph() });
    expectProblem(await call(api.http, "GET", `/workflows/${wf.id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "PUT", `/workflows/${wf.id}`, { token: ben.token, json: { name: "mine" } }), 404);
    await share(ana, wf.id, ben, "view");
    await share(ana, wf.id, cy, "edit");
    expect(expectOk(await call(api.http, "GET", `/workflows/${wf.id}`, { token: ben.token }), 200, workflow).access).toBe("view");
    expect((await call(api.http, "GET", "/workflows", { token: ben.token })).text).toContain(wf.id);
    expectProblem(await call(api.http, "PUT", `/workflows/${wf.id}`, { token: ben.token, json: { name: "mine" } }), 403);
    expectProblem(await call(api.http, "POST", `/workflows/${wf.id}/execute`, { token: ben.token, json: { input: { name: "x" } } }), 403);
    const saved = expectOk(await call(api.http, "PUT", `/workflows/${wf.id}`, { token: cy.token, json: { name: "Renamed", base_version: 1 } }), 200, workflow);
    expect(saved).toMatchObject({ name: "Renamed", version: 2, access: "edit" });
    expectProblem(await call(api.http, "DELETE", `/workflows/${wf.id}`, { token: cy.token }), 403);
    expectNoContent(await call(api.http, "DELETE", `/workflows/${wf.id}`, { token: ana.token }));
    expectProblem(await call(api.http, "GET", `/workflows/${wf.id}`, { token: ana.token }), 404);
  });
});

describe("workflows: role permissions", () => {
  it("a viewer (role) reads what is shared with them but creates, saves, runs and deletes nothing (403)", async () => {
    const [ana, vic] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "vic")]);
    const [viewer, member] = await Promise.all([api.db.role.findUniqueOrThrow({ where: { key: "viewer" } }), api.db.role.findUniqueOrThrow({ where: { key: "member" } })]);
    await api.db.userRole.create({ data: { userId: vic.id, roleId: viewer.id } });
    await api.db.userRole.delete({ where: { userId_roleId: { userId: vic.id, roleId: member.id } } });
    const wf = await create(ana, { name: "Shared with a viewer", definition: graph() });
    await share(ana, wf.id, vic, "edit");
    expectOk(await call(api.http, "GET", `/workflows/${wf.id}`, { token: vic.token }), 200, workflow);
    expectOk(await call(api.http, "GET", "/workflows", { token: vic.token }), 200, workflowPage);
    expectProblem(await call(api.http, "POST", "/workflows", { token: vic.token, json: { name: "x" } }), 403);
    expectProblem(await call(api.http, "PUT", `/workflows/${wf.id}`, { token: vic.token, json: { name: "x" } }), 403);
    expectProblem(await call(api.http, "POST", `/workflows/${wf.id}/execute`, { token: vic.token, json: { input: { name: "x" } } }), 403);
    expectProblem(await call(api.http, "DELETE", `/workflows/${wf.id}`, { token: vic.token }), 403);
  });
});

describe("workflows: versions", () => {
  it("makes a version per save, refuses a stale base_version with 409 naming the current one, rolls back as a new version", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await create(ana, { name: "V", definition: graph("one") });
    const v2 = expectOk(await call(api.http, "PUT", `/workflows/${wf.id}`, { token: ana.token, json: { definition: graph("two"), base_version: 1, message: "second" } }), 200, workflow);
    expect(v2.version).toBe(2);
    const stale = expectProblem(await call(api.http, "PUT", `/workflows/${wf.id}`, { token: ana.token, json: { definition: graph("three"), base_version: 1 } }), 409, "CONFLICT");
    expect(stale.detail).toContain("version 2");
    const list = expectOk(await call(api.http, "GET", `/workflows/${wf.id}/versions`, { token: ana.token }), 200, versionList);
    expect(list.current).toBe(2);
    expect(list.items.map((v) => [v.version, v.message])).toEqual([[2, "second"], [1, "Created"]]);
    const one = expectOk(await call(api.http, "GET", `/workflows/${wf.id}/versions/1`, { token: ana.token }), 200, versionDetail);
    expect(one.definition.nodes[2].config).toMatchObject({ output: { prompt: "one" } });
    const rolled = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/versions/1/rollback`, { token: ana.token }), 200, workflow);
    expect(rolled.version).toBe(3);
    expect(rolled.definition).toEqual(one.definition);
    const after = expectOk(await call(api.http, "GET", `/workflows/${wf.id}/versions`, { token: ana.token }), 200, versionList);
    expect(after.items[0]).toMatchObject({ version: 3, message: "Rolled back to version 1" });
    expectProblem(await call(api.http, "GET", `/workflows/${wf.id}/versions/99`, { token: ana.token }), 404);
  });

  it("tRPC update requires baseVersion and answers CONFLICT on a stale one", async () => {
    const ana = await person(api.http, api.db, "ana");
    const trpc = callerFor(api.db, ana.id);
    const wf = await trpc.workflows.create({ name: "T", description: "" });
    const saved = await trpc.workflows.update({ id: wf.id, baseVersion: 1, definition: graph() as never, message: "m" });
    expect(saved.version).toBe(2);
    await expectTrpcError(trpc.workflows.update({ id: wf.id, baseVersion: 1, name: "late" }), "CONFLICT");
    expect((await trpc.workflows.versions({ id: wf.id })).items).toHaveLength(2);
    expect((await trpc.workflows.list({ page: 1, pageSize: 10 })).items.map((w) => w.id)).toContain(wf.id);
  });
});

describe("workflows: validate, export, import", () => {
  it("validates without saving: issues name the node and field", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ok = expectOk(await call(api.http, "POST", "/workflows/validate", { token: ana.token, json: { definition: graph() } }), 200, validationResult);
    expect(ok).toEqual({ valid: true, issues: [] });
    const broken = graph();
    broken.nodes[1].config = { expression: "" } as never;
    const bad = expectOk(await call(api.http, "POST", "/workflows/validate", { token: ana.token, json: { definition: broken } }), 200, validationResult);
    expect(bad.valid).toBe(false);
    expect(bad.issues.some((i) => i.node_id === "transform")).toBe(true);
  });

  it("exports a versioned document and imports it back as a new workflow; a bad document is 422 per field", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await create(ana, { name: "Portable", description: "d", definition: graph() });
    const doc = expectOk(await call(api.http, "GET", `/workflows/${wf.id}/export`, { token: ana.token }), 200, exportDoc);
    expect(doc).toMatchObject({ format: "atrium.workflow/v1", name: "Portable", description: "d" });
    expect(JSON.stringify(doc)).not.toContain(ana.id);
    const imported = expectOk(await call(api.http, "POST", "/workflows/import", { token: ana.token, json: doc }), 201, workflow);
    expect(imported.id).not.toBe(wf.id);
    expect(imported.definition).toEqual(wf.definition);
    const bad = expectProblem(await call(api.http, "POST", "/workflows/import", { token: ana.token, json: { ...doc, format: "other", definition: { nodes: "x" } } }), 422);
    expect(issuePaths(bad)).toEqual(expect.arrayContaining(["body.format", "body.definition.nodes"]));
  });
});

describe("workflows: execute", () => {
  it("queues a run (202) and with wait=true answers its output (200); refuses a bad input (422) and an invalid graph (422)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await create(ana, { name: "Run me", definition: graph() });
    const queued = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/execute`, { token: ana.token, json: { input: { name: "Ana" } } }), 202, execution);
    expect(queued.workflow_id).toBe(wf.id);
    const done = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/execute?wait=true`, { token: ana.token, json: { input: { name: "Ana" } } }), 200, execution);
    expect(done.status).toBe("succeeded");
    expect(done.output).toMatchObject({ greeting: "Hello Ana" });
    const missing = expectProblem(await call(api.http, "POST", `/workflows/${wf.id}/execute`, { token: ana.token, json: { input: {} } }), 422);
    expect(missing.issues?.length).toBeGreaterThan(0);
    const broken = graph();
    broken.edges = [];
    const bad = await create(ana, { name: "Broken", definition: broken });
    const refused = expectProblem(await call(api.http, "POST", `/workflows/${bad.id}/execute`, { token: ana.token, json: { input: { name: "x" } } }), 422);
    expect(refused.issues?.length).toBeGreaterThan(0);
    const badConfig = graph();
    badConfig.nodes[1].config = { expression: "" } as never;
    const draft = await create(ana, { name: "Draft", definition: badConfig });
    const configIssue = expectProblem(await call(api.http, "POST", `/workflows/${draft.id}/execute`, { token: ana.token, json: { input: { name: "x" } } }), 422);
    expect(issuePaths(configIssue)).toContain("definition.nodes.1.config.expression");
    const audit = await api.db.auditEntry.findMany({ where: { eventType: "workflow_executed", subjectId: wf.id } });
    expect(audit.length).toBe(2);
  });
});

describe("workflows: templates", () => {
  it("lists at least eight templates, shows one, and creates a workflow from it; /workflows/templates is not an id", async () => {
    const ana = await person(api.http, api.db, "ana");
    const list = expectOk(await call(api.http, "GET", "/workflows/templates", { token: ana.token }), 200, templateList);
    expect(list.items.length).toBeGreaterThanOrEqual(8);
    const first = expectOk(await call(api.http, "GET", `/workflows/templates/${list.items[0].id}`, { token: ana.token }), 200, templateDetail);
    const created = expectOk(await call(api.http, "POST", `/workflows/templates/${first.id}/create`, { token: ana.token, json: { name: "Mine" } }), 201, workflow);
    expect(created).toMatchObject({ name: "Mine", template_id: first.id, version: 1 });
    expect(created.definition).toEqual(first.definition);
    expectProblem(await call(api.http, "GET", "/workflows/templates/nope", { token: ana.token }), 404);
    for (const t of list.items) {
      const detail = expectOk(await call(api.http, "GET", `/workflows/templates/${t.id}`, { token: ana.token }), 200, templateDetail);
      const v = expectOk(await call(api.http, "POST", "/workflows/validate", { token: ana.token, json: { definition: detail.definition } }), 200, validationResult);
      expect(v.issues, t.id).toEqual([]);
    }
  });
});
