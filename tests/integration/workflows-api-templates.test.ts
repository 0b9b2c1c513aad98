import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKFLOW_TEMPLATES } from "@/features/workflows/templates";
import { execution, webhookAccepted, webhookInfo, workflow } from "@/features/workflows/schemas";
import { call, expectOk } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";

/** Every template runs to success on the built-in offline model with its example input (no key, no network but loopback). */
const api = setupApi();
let restore = () => {};
beforeAll(() => {
  restore = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
});
afterAll(() => restore());

async function settled(id: string, until: (status: string) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const run = await api.db.workflowRun.findUniqueOrThrow({ where: { id } });
    if (until(run.status) || Date.now() > deadline) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inputFor = (id: string, example: Record<string, unknown>) =>
  id === "fetch-url-extract-fields" ? { url: `${api.http.url}/api/v1/health`, fields: ["status"] } : example;

/** What some templates' outputs must say (the model's words are not checked). */
const expected: Record<string, Record<string, unknown>> = {
  "loop-items-code": { total: 14.87, lines: [{ name: "Notebook", gross: 11.9 }, { name: "Pen", gross: 2.97 }] },
  "classify-and-route": { billing: { team: "billing" } },
  "fetch-url-extract-fields": { status: 200, fields: { status: "ok" } },
  "approve-before-sending": { send: { sent: true, to: "ana@example.com", message: expect.stringContaining("ana@example.com") } },
  "triage-incoming-webhook": { incident: { text: expect.stringContaining("API error rate") } },
  "translate-and-review": { language: "German", draft: expect.any(String), reviewed: expect.any(String) },
  "summarise-support-tickets": { count: 2, summaries: [expect.stringContaining("password"), expect.stringContaining("VAT")], overview: expect.any(String) },
};

async function fromTemplate(who: Person, id: string) {
  return expectOk(await call(api.http, "POST", `/workflows/templates/${id}/create`, { token: who.token, json: {} }), 201, workflow);
}

describe("templates run to success", () => {
  for (const t of WORKFLOW_TEMPLATES) {
    it(t.id, async () => {
      const ana = await person(api.http, api.db, "ana");
      const wf = await fromTemplate(ana, t.id);
      const input = inputFor(t.id, t.example_input);
      let runId: string;
      if (t.definition.nodes.some((n) => n.type === "webhook_trigger")) {
        const hook = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/webhook/rotate`, { token: ana.token }), 200, webhookInfo);
        const res = expectOk(await call(api.http, "POST", `/webhooks/${wf.id}?wait=true`, { json: input, headers: { "x-atrium-webhook-token": hook.token! } }), 200, webhookAccepted);
        runId = res.execution_id;
      } else {
        runId = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/execute`, { token: ana.token, json: { input } }), 202, execution).id;
      }
      if (t.definition.nodes.some((n) => n.type === "approval")) {
        await settled(runId, (s) => s === "waiting" || s === "failed");
        const step = await api.db.workflowStep.findFirstOrThrow({ where: { runId, nodeType: "approval" } });
        expect(step.approvalId).toBeTruthy();
        const decided = await call(api.http, "POST", `/api/approvals/${step.approvalId}/approve`, { token: ana.token, json: {} });
        expect(decided.status, decided.text).toBe(200);
      }
      const run = await settled(runId, (s) => ["succeeded", "failed", "cancelled"].includes(s));
      const steps = await api.db.workflowStep.findMany({ where: { runId }, select: { nodeId: true, status: true, error: true } });
      expect(run.status, `${run.error ?? ""} ${JSON.stringify(steps)}`).toBe("succeeded");
      expect(run.output).toBeTruthy();
      if (expected[t.id]) expect(run.output).toMatchObject(expected[t.id]);
    });
  }
});
