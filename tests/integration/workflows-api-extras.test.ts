import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  batchDeleteResult, batchExecuteResult, batchExportResult, nodeTemplate, nodeTemplatePage, nodeTestResult, workflow, workflowPage,
} from "@/features/workflows/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor } from "../support/trpc";

const api = setupApi();

const graph = {
  nodes: [
    { id: "start", type: "start", config: { input_schema: [{ name: "n", type: "number", required: true }] } },
    { id: "double", type: "transform", config: { expression: "input.n * 2" } },
    { id: "end", type: "end", config: { output: { doubled: "{{ nodes.double.output }}" } } },
  ],
  edges: [
    { id: "a", source: "start", target: "double" },
    { id: "b", source: "double", target: "end" },
  ],
};
const create = async (who: Person, name = "W") => expectOk(await call(api.http, "POST", "/workflows", { token: who.token, json: { name, definition: graph } }), 201, workflow);

describe("node templates", () => {
  it("saves a checked config, lists by type, updates, applies to a workflow as a new version, deletes", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bad = expectProblem(await call(api.http, "POST", "/node-templates", { token: ana.token, json: { name: "x", node_type: "http", config: { method: "FETCH" } } }), 422);
    expect(issuePaths(bad)).toEqual(["body.config.method", "body.config.url"]);
    const t = expectOk(await call(api.http, "POST", "/node-templates", { token: ana.token, json: { name: "Get JSON", node_type: "http", config: { url: "https://example.com/{{ input.path }}" } } }), 201, nodeTemplate);
    expect(t.config).toMatchObject({ method: "GET", url: "https://example.com/{{ input.path }}", timeout_ms: 10000 });
    await call(api.http, "POST", "/node-templates", { token: ana.token, json: { name: "Say", node_type: "llm", config: { prompt: "hi" } } });
    const https = expectOk(await call(api.http, "GET", "/node-templates?node_type=http", { token: ana.token }), 200, nodeTemplatePage);
    expect(https.items.map((i) => i.id)).toEqual([t.id]);
    const renamed = expectOk(await call(api.http, "PUT", `/node-templates/${t.id}`, { token: ana.token, json: { name: "Fetch JSON" } }), 200, nodeTemplate);
    expect(renamed.name).toBe("Fetch JSON");
    const wf = await create(ana);
    const applied = expectOk(
      await call(api.http, "POST", `/node-templates/${t.id}/apply`, { token: ana.token, json: { workflow_id: wf.id, base_version: 1 } }),
      200, z.object({ workflow, node_id: z.string() }),
    );
    expect(applied.node_id).toBe("fetch_json");
    expect(applied.workflow.version).toBe(2);
    expect(applied.workflow.definition.nodes.find((n) => n.id === "fetch_json")).toMatchObject({ type: "http", config: { url: "https://example.com/{{ input.path }}" } });
    expectProblem(await call(api.http, "POST", `/node-templates/${t.id}/apply`, { token: ana.token, json: { workflow_id: wf.id, base_version: 1 } }), 409);
    const ben = await person(api.http, api.db, "ben");
    expectProblem(await call(api.http, "GET", `/node-templates/${t.id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/node-templates/${t.id}/apply`, { token: ben.token, json: { workflow_id: wf.id } }), 404);
    expectNoContent(await call(api.http, "DELETE", `/node-templates/${t.id}`, { token: ana.token }));
    expectProblem(await call(api.http, "GET", `/node-templates/${t.id}`, { token: ana.token }), 404);
  });

  it("tRPC nodeTemplates list/create/delete", async () => {
    const ana = await person(api.http, api.db, "ana");
    const trpc = callerFor(api.db, ana.id);
    const t = await trpc.workflows.nodeTemplates.create({ name: "Wait", description: "", node_type: "delay", config: { seconds: 1 } });
    expect((await trpc.workflows.nodeTemplates.list({ page: 1, pageSize: 100 })).items.map((i) => i.id)).toEqual([t.id]);
    await trpc.workflows.nodeTemplates.delete({ id: t.id });
    expect((await trpc.workflows.nodeTemplates.list()).items).toEqual([]);
  });
});

describe("nodes/test", () => {
  it("runs one node through the job runner with an input and earlier outputs, answering its output; the scratch workflow stays out of lists", async () => {
    const ana = await person(api.http, api.db, "ana");
    const res = expectOk(
      await call(api.http, "POST", "/nodes/test", { token: ana.token, json: { node: { id: "sum", type: "transform", config: { expression: "input.a + nodes.prev.output.b" } }, input: { a: 2 }, nodes: { prev: { b: 40 } } } }),
      200, nodeTestResult,
    );
    expect(res).toMatchObject({ status: "succeeded", output: 42, error: null });
    const run = await api.db.workflowRun.findUniqueOrThrow({ where: { id: res.execution_id } });
    expect(run.trigger).toBe("node_test");
    const code = expectOk(await call(api.http, "POST", "/nodes/test", { token: ana.token, json: { node: { type: "code", config: { source: "throw new Error('boom')" } } } }), 200, nodeTestResult);
    expect(code.status).toBe("failed");
    expect(code.error).toContain("boom");
    const list = expectOk(await call(api.http, "GET", "/workflows", { token: ana.token }), 200, workflowPage);
    expect(list.total).toBe(0);
    const invalid = expectProblem(await call(api.http, "POST", "/nodes/test", { token: ana.token, json: { node: { type: "llm", config: {} } } }), 422);
    expect(issuePaths(invalid)[0]).toMatch(/^body\.node\.config/);
    expectProblem(await call(api.http, "POST", "/nodes/test", { token: ana.token, json: { node: { type: "start" } } }), 422);
  });
});

describe("batch", () => {
  it("executes once per input, rejecting inputs that do not fit without stopping the others", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await create(ana);
    const res = expectOk(await call(api.http, "POST", "/batch/execute", { token: ana.token, json: { workflow_id: wf.id, inputs: [{ n: 1 }, {}, { n: 3 }] } }), 202, batchExecuteResult);
    expect(res.items.map((i) => i.status)).toEqual(["queued", "rejected", "queued"]);
    expect(res.items[1].error).toBeTruthy();
    const runs = await api.db.workflowRun.findMany({ where: { workflowId: wf.id } });
    expect(runs.map((r) => r.trigger)).toEqual(["batch", "batch"]);
    expectProblem(await call(api.http, "POST", "/batch/execute", { token: ana.token, json: { workflow_id: wf.id, inputs: Array.from({ length: 101 }, () => ({ n: 1 })) } }), 422);
    const ben = await person(api.http, api.db, "ben");
    expectProblem(await call(api.http, "POST", "/batch/execute", { token: ben.token, json: { workflow_id: wf.id, inputs: [{ n: 1 }] } }), 404);
  });

  it("exports and deletes only what the caller may, listing the rest as not found", async () => {
    const [ana, ben] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben")]);
    const [a1, a2] = [await create(ana, "A1"), await create(ana, "A2")];
    const b1 = await create(ben, "B1");
    const exported = expectOk(await call(api.http, "POST", "/batch/export", { token: ana.token, json: { workflow_ids: [a1.id, a2.id, b1.id] } }), 200, batchExportResult);
    expect(exported.items.map((d) => d.name)).toEqual(["A1", "A2"]);
    expect(exported.not_found).toEqual([b1.id]);
    const deleted = expectOk(await call(api.http, "POST", "/batch/delete", { token: ana.token, json: { workflow_ids: [a1.id, b1.id] } }), 200, batchDeleteResult);
    expect(deleted).toEqual({ deleted: [a1.id], not_found: [b1.id] });
    expect(await api.db.workflow.count({ where: { id: { in: [a1.id, b1.id, a2.id] } } })).toBe(2);
  });
});

describe("editor catalog", () => {
  it("lists node types with config schemas, tools, and only the caller's agents and model configs", async () => {
    const [ana, ben] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben")]);
    await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Mine" } });
    await call(api.http, "POST", "/agents", { token: ben.token, json: { name: "Theirs" } });
    const catalog = await callerFor(api.db, ana.id).workflows.catalog();
    expect(catalog.node_types.map((t) => t.type)).toContain("llm");
    expect(catalog.node_types.find((t) => t.type === "llm")?.config_schema).toMatchObject({ type: "object" });
    expect(catalog.tools.map((t) => t.name)).toContain("current_time");
    expect(catalog.agents.map((a) => a.name)).toEqual(["Mine"]);
  });
});
