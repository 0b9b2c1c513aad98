import { describe, expect, it } from "vitest";
import { webhookAccepted, webhookInfo, workflow } from "@/features/workflows/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { uniqueIp } from "../support/ids";
import { person, type Person } from "../support/people";
import { callerFor } from "../support/trpc";

const api = setupApi();

const graph = {
  nodes: [
    { id: "hook", type: "webhook_trigger", config: {} },
    { id: "echo", type: "transform", config: { expression: "{ \"got\": input.ping }" } },
    { id: "end", type: "end", config: { output: { got: "{{ nodes.echo.output.got }}" } } },
  ],
  edges: [
    { id: "a", source: "hook", target: "echo" },
    { id: "b", source: "echo", target: "end" },
  ],
};

async function hooked(who: Person, name: string) {
  const wf = expectOk(await call(api.http, "POST", "/workflows", { token: who.token, json: { name, definition: graph } }), 201, workflow);
  const info = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/webhook/rotate`, { token: who.token }), 200, webhookInfo);
  return { wf, token: info.token!, info };
}

describe("webhooks", () => {
  it("is off by default; rotating turns it on with a token stored encrypted, shown to the owner, and audited", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Hook", definition: graph } }), 201, workflow);
    expect(expectOk(await call(api.http, "GET", `/workflows/${wf.id}/webhook`, { token: ana.token }), 200, webhookInfo)).toMatchObject({ enabled: false, token: null, url: null });
    const on = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/webhook/rotate`, { token: ana.token }), 200, webhookInfo);
    expect(on.enabled).toBe(true);
    expect(on.token!.length).toBeGreaterThanOrEqual(32);
    expect(on.url).toContain(`/api/v1/webhooks/${wf.id}?token=`);
    const row = await api.db.workflow.findUniqueOrThrow({ where: { id: wf.id } });
    expect(row.webhookSecretEnc).toBeTruthy();
    expect(row.webhookSecretEnc).not.toContain(on.token!);
    expect(expectOk(await call(api.http, "GET", `/workflows/${wf.id}`, { token: ana.token }), 200, workflow).webhook_enabled).toBe(true);
    const audit = await api.db.auditEntry.findMany({ where: { eventType: "webhook_configured", subjectId: wf.id } });
    expect(audit).toHaveLength(1);
  });

  it("starts a run with the token (query or header): 202, or 200 with the output when waiting; the body is the input", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { wf, token } = await hooked(ana, "Echo");
    const accepted = expectOk(await call(api.http, "POST", `/webhooks/${wf.id}?token=${token}`, { json: { ping: "a" } }), 202, webhookAccepted);
    const run = await api.db.workflowRun.findUniqueOrThrow({ where: { id: accepted.execution_id } });
    expect(run).toMatchObject({ trigger: "webhook", userId: ana.id, input: { ping: "a" } });
    const waited = expectOk(await call(api.http, "POST", `/webhooks/${wf.id}?wait=true`, { json: { ping: "b" }, headers: { "x-atrium-webhook-token": token } }), 200, webhookAccepted);
    expect(waited).toMatchObject({ status: "succeeded", output: { got: "b" } });
    const empty = await call(api.http, "POST", `/webhooks/${wf.id}?token=${token}`);
    expect(empty.status).toBe(202);
  });

  it("answers the same 404 for an unknown workflow, a wrong or missing token, and a disabled webhook; the old token dies on rotation", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { wf, token } = await hooked(ana, "Guarded");
    const unknown = expectProblem(await call(api.http, "POST", `/webhooks/00000000-0000-4000-8000-000000000000?token=${token}`, { json: {} }), 404);
    const wrong = expectProblem(await call(api.http, "POST", `/webhooks/${wf.id}?token=nope`, { json: {} }), 404);
    const missing = expectProblem(await call(api.http, "POST", `/webhooks/${wf.id}`, { json: {} }), 404);
    expect(new Set([unknown.detail, wrong.detail, missing.detail]).size).toBe(1);
    const rotated = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/webhook/rotate`, { token: ana.token }), 200, webhookInfo);
    expectProblem(await call(api.http, "POST", `/webhooks/${wf.id}?token=${token}`, { json: {} }), 404);
    expect((await call(api.http, "POST", `/webhooks/${wf.id}?token=${rotated.token}`, { json: {} })).status).toBe(202);
    expect(expectOk(await call(api.http, "POST", `/workflows/${wf.id}/webhook/disable`, { token: ana.token }), 200, webhookInfo).enabled).toBe(false);
    expectProblem(await call(api.http, "POST", `/webhooks/${wf.id}?token=${rotated.token}`, { json: {} }), 404);
  });

  it("by name: finds the workflow of that name whose token it is", async () => {
    const [ana, ben] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben")]);
    const name = `Same name ${Date.now()}`;
    const a = await hooked(ana, name);
    const b = await hooked(ben, name);
    const viaA = expectOk(await call(api.http, "POST", `/webhooks/by-name/${encodeURIComponent(name)}?token=${a.token}&wait=true`, { json: { ping: "A" } }), 200, webhookAccepted);
    const viaB = expectOk(await call(api.http, "POST", `/webhooks/by-name/${encodeURIComponent(name)}?token=${b.token}`, { json: { ping: "B" } }), 202, webhookAccepted);
    expect((await api.db.workflowRun.findUniqueOrThrow({ where: { id: viaA.execution_id } })).workflowId).toBe(a.wf.id);
    expect((await api.db.workflowRun.findUniqueOrThrow({ where: { id: viaB.execution_id } })).workflowId).toBe(b.wf.id);
    expectProblem(await call(api.http, "POST", `/webhooks/by-name/${encodeURIComponent(name)}?token=wrong`, { json: {} }), 404);
    expectProblem(await call(api.http, "POST", `/webhooks/by-name/nobody?token=${a.token}`, { json: {} }), 404);
  });

  it("refuses a body that is not a JSON object (422) and one over 1 MiB (413)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { wf, token } = await hooked(ana, "Strict");
    expectProblem(await call(api.http, "POST", `/webhooks/${wf.id}?token=${token}`, { json: [1, 2] }), 422);
    expectProblem(await call(api.http, "POST", `/webhooks/${wf.id}?token=${token}`, { json: { big: "x".repeat(1024 * 1024 + 10) } }), 413);
  });

  it("management is the owner's: an editor or viewer gets 403, a stranger 404; tRPC get/rotate/disable", async () => {
    const [ana, ben, cy] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben"), person(api.http, api.db, "cy")]);
    const { wf } = await hooked(ana, "Managed");
    const grant = await call(api.http, "POST", `/permissions/resources/workflow/${wf.id}/grants`, { token: ana.token, json: { user_id: ben.id, level: "view" } });
    expect(grant.status).toBe(201);
    expectProblem(await call(api.http, "GET", `/workflows/${wf.id}/webhook`, { token: ben.token }), 403);
    const edit = await call(api.http, "POST", `/permissions/resources/workflow/${wf.id}/grants`, { token: ana.token, json: { user_id: ben.id, level: "edit" } });
    expect(edit.status).toBe(200);
    expectProblem(await call(api.http, "GET", `/workflows/${wf.id}/webhook`, { token: ben.token }), 403);
    expectProblem(await call(api.http, "POST", `/workflows/${wf.id}/webhook/rotate`, { token: ben.token }), 403);
    expectProblem(await call(api.http, "POST", `/workflows/${wf.id}/webhook/rotate`, { token: cy.token }), 404);
    const trpc = callerFor(api.db, ana.id);
    const before = await trpc.workflows.webhook.get({ id: wf.id });
    const after = await trpc.workflows.webhook.rotate({ id: wf.id });
    expect(after.token).not.toBe(before.token);
    expect((await trpc.workflows.webhook.disable({ id: wf.id })).enabled).toBe(false);
  });

  it("is rate limited per caller address (WEBHOOK_RATE_LIMIT_PER_MINUTE), then 429 with Retry-After (before any token check)", async () => {
    const restore = withEnv({ TRUST_PROXY: "1", WEBHOOK_RATE_LIMIT_PER_MINUTE: "120" });
    try {
      const ip = uniqueIp();
      const hit = () => call(api.http, "POST", "/webhooks/00000000-0000-4000-8000-000000000000?token=x", { json: {}, headers: { "x-forwarded-for": ip } });
      for (let i = 0; i < 120; i++) expect((await hit()).status).toBe(404);
      const limited = expectProblem(await hit(), 429, "RATE_LIMITED");
      void limited;
      expect(Number((await hit()).headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await call(api.http, "POST", "/webhooks/00000000-0000-4000-8000-000000000000?token=x", { json: {}, headers: { "x-forwarded-for": uniqueIp() } })).status).toBe(404);
    } finally {
      restore();
    }
  });
});
