import { describe, expect, it } from "vitest";
import { approval, approvalPage } from "@/features/approvals/schemas";
import { expireOverdue } from "@/features/approvals/service/approvals";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();

const create = (who: Person, json: Record<string, unknown>) => call(api.http, "POST", "/api/approvals", { token: who.token, json });
const ask = async (who: Person, action = "delete_file", extra: Record<string, unknown> = {}) =>
  expectOk(await create(who, { action, description: `Agent wants to ${action}`, payload: { path: "/important/config.toml" }, ...extra }), 201, approval);

describe("/api/approvals", () => {
  it("answers 401 to a caller without credentials", async () => {
    expectProblem(await call(api.http, "GET", "/api/approvals"), 401);
    expectProblem(await call(api.http, "POST", "/api/approvals", { json: { action: "x" } }), 401);
    expectProblem(await call(api.http, "GET", "/api/v1/approval"), 401);
  });

  it("creates a pending approval with seed 000's body (201) that expires after the default timeout", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await ask(ana);
    expect(created).toMatchObject({ status: "pending", source: "api", action: "delete_file", payload: { path: "/important/config.toml" }, owner_id: ana.id, requester_id: ana.id, agent_id: null, decided_by: null });
    const hours = (Date.parse(created.expires_at) - Date.parse(created.created_at)) / 3_600_000;
    expect(hours).toBeCloseTo(24, 1);
    expect(expectOk(await call(api.http, "GET", `/api/approvals/${created.id}`, { token: ana.token }), 200, approval)).toEqual(created);
    const bell = await api.db.notification.findFirstOrThrow({ where: { userId: ana.id, type: "approval_requested" } });
    expect(bell.data).toMatchObject({ approval_id: created.id });
  });

  it("refuses a bad body with 422, malformed JSON with 400, and someone else's agent with 404", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    expect(issuePaths(expectProblem(await create(ana, { description: "no action" }), 422))).toEqual(["body.action"]);
    expectProblem(await create(ana, { action: "x", payload: "not an object" }), 422);
    expectProblem(await create(ana, { action: "x", timeout_minutes: 0 }), 422);
    expectProblem(await call(api.http, "POST", "/api/approvals", { token: ana.token, raw: "{oops", headers: { "content-type": "application/json" } }), 400);
    const bens = expectOk(await call(api.http, "POST", "/agents", { token: ben.token, json: { name: "Ben's" } }), 201, approval.pick({ id: true }));
    expectProblem(await create(ana, { action: "x", agent_id: bens.id }), 404);
    expectProblem(await call(api.http, "GET", "/api/approvals/not-a-uuid", { token: ana.token }), 422);
  });

  it("lists pending first, filters by status and pages", async () => {
    const ana = await person(api.http, api.db, "ana");
    const first = await ask(ana, "one");
    const second = await ask(ana, "two");
    const third = await ask(ana, "three");
    expectOk(await call(api.http, "POST", `/api/approvals/${first.id}/reject`, { token: ana.token }), 200, approval);
    const all = expectOk(await call(api.http, "GET", "/api/approvals", { token: ana.token }), 200, approvalPage);
    expect(all.items.map((a) => a.action)).toEqual(["two", "three", "one"]);
    expect(all).toMatchObject({ total: 3, pending: 2, page: 1 });
    const rejected = expectOk(await call(api.http, "GET", "/api/approvals?status=rejected", { token: ana.token }), 200, approvalPage);
    expect(rejected.items.map((a) => a.id)).toEqual([first.id]);
    const page2 = expectOk(await call(api.http, "GET", "/api/approvals?page=2&page_size=1", { token: ana.token }), 200, approvalPage);
    expect(page2.items.map((a) => a.id)).toEqual([third.id]);
    const page3 = expectOk(await call(api.http, "GET", "/api/v1/approval?page=3&page_size=1", { token: ana.token }), 200, approvalPage);
    expect(page3.items.map((a) => a.id)).toEqual([first.id]);
    expect(second.status).toBe("pending");
    expectProblem(await call(api.http, "GET", "/api/approvals?status=maybe", { token: ana.token }), 422);
  });

  it("decides once: approve is 200, any second decision is 409", async () => {
    const ana = await person(api.http, api.db, "ana");
    const a = await ask(ana);
    const approved = expectOk(await call(api.http, "POST", `/api/approvals/${a.id}/approve`, { token: ana.token, json: { comment: "fine" } }), 200, approval);
    expect(approved).toMatchObject({ status: "approved", decided_by: ana.id, comment: "fine" });
    expect(approved.decided_at).not.toBeNull();
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/approve`, { token: ana.token }), 409);
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/reject`, { token: ana.token }), 409);
    expectProblem(await call(api.http, "POST", `/api/v1/approval/${a.id}/decision`, { token: ana.token, json: { decision: "reject" } }), 409);
    const b = await ask(ana);
    expect(expectOk(await call(api.http, "POST", `/api/approvals/${b.id}/reject`, { token: ana.token }), 200, approval).status).toBe("rejected");
    expectProblem(await call(api.http, "POST", `/api/approvals/${b.id}/approve`, { token: ana.token }), 409);
    expectProblem(await call(api.http, "POST", `/api/approvals/${b.id}/approve`, { token: ana.token, json: { totp_code: 123456 } }), 422);
  });

  it("reads a pending approval past its expiry as expired and refuses to decide it (409); the sweep writes it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const a = await ask(ana, "late", { timeout_minutes: 5 });
    expect((Date.parse(a.expires_at) - Date.parse(a.created_at)) / 60_000).toBeCloseTo(5, 0);
    await api.db.approval.update({ where: { id: a.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(expectOk(await call(api.http, "GET", `/api/approvals/${a.id}`, { token: ana.token }), 200, approval).status).toBe("expired");
    expect(expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/approve`, { token: ana.token }), 409).detail).toMatch(/expired/);
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/reject`, { token: ana.token }), 409);
    const expired = expectOk(await call(api.http, "GET", "/api/approvals?status=expired", { token: ana.token }), 200, approvalPage);
    expect(expired.items.map((x) => x.id)).toEqual([a.id]);
    await expireOverdue(api.db);
    expect((await api.db.approval.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("expired");
  });

  it("hides approvals from others (404) unless the owner delegated deciding with an approvals grant", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const a = await ask(ana);
    expectProblem(await call(api.http, "GET", `/api/approvals/${a.id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/approve`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/reject`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/api/v1/approval/${a.id}/decision`, { token: ben.token, json: { decision: "approve" } }), 404);
    expect(expectOk(await call(api.http, "GET", "/api/approvals", { token: ben.token }), 200, approvalPage).total).toBe(0);

    const grant = await call(api.http, "POST", `/api/v1/permissions/resources/approvals/${ana.id}/grants`, { token: ana.token, json: { user_id: ben.id, level: "edit" } });
    expect(grant.status, grant.text).toBe(201);
    const listed = expectOk(await call(api.http, "GET", "/api/approvals", { token: ben.token }), 200, approvalPage);
    expect(listed.items.map((x) => x.id)).toEqual([a.id]);
    const decided = expectOk(await call(api.http, "POST", `/api/v1/approval/${a.id}/decision`, { token: ben.token, json: { decision: "approve", comment: "on Ana's behalf" } }), 200, approval);
    expect(decided).toMatchObject({ status: "approved", decided_by: ben.id, owner_id: ana.id });
  });

  it("answers 403 to a viewer (read-only role) who tries to create or decide, and lets them read", async () => {
    const owner = await person(api.http, api.db, "owner");
    const vic = await person(api.http, api.db, "vic");
    const viewerRole = await api.db.role.findUniqueOrThrow({ where: { key: "viewer" } });
    await api.db.userRole.deleteMany({ where: { userId: vic.id } });
    await api.db.userRole.create({ data: { userId: vic.id, roleId: viewerRole.id } });
    expectProblem(await create(vic, { action: "x" }), 403);
    const a = await ask(owner);
    await api.db.approval.update({ where: { id: a.id }, data: { ownerId: vic.id } });
    expect(expectOk(await call(api.http, "GET", `/api/approvals/${a.id}`, { token: vic.token }), 200, approval).status).toBe("pending");
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/approve`, { token: vic.token }), 403);
    expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/reject`, { token: vic.token }), 403);
  });

  it("seed 004's /api/v1/approval lists the same approvals and decides them; a bad decision is 422", async () => {
    const ana = await person(api.http, api.db, "ana");
    const a = await ask(ana);
    const list = expectOk(await call(api.http, "GET", "/api/v1/approval?status=pending", { token: ana.token }), 200, approvalPage);
    expect(list.items.map((x) => x.id)).toEqual([a.id]);
    expectProblem(await call(api.http, "POST", `/api/v1/approval/${a.id}/decision`, { token: ana.token, json: { decision: "maybe" } }), 422);
    expectProblem(await call(api.http, "POST", `/api/v1/approval/${a.id}/decision`, { token: ana.token, json: {} }), 422);
    const decided = expectOk(await call(api.http, "POST", `/api/v1/approval/${a.id}/decision`, { token: ana.token, json: { decision: "reject" } }), 200, approval);
    expect(decided.status).toBe("rejected");
    expect(expectOk(await call(api.http, "GET", `/api/approvals/${a.id}`, { token: ana.token }), 200, approval).status).toBe("rejected");
  });

  it("with APPROVALS_SECOND_FACTOR=totp, approving without enrolment is 400 saying to enrol; rejecting still works", async () => {
    const ana = await person(api.http, api.db, "ana");
    const a = await ask(ana);
    const undo = withEnv({ APPROVALS_SECOND_FACTOR: "totp" });
    try {
      const problem = expectProblem(await call(api.http, "POST", `/api/approvals/${a.id}/approve`, { token: ana.token, json: { totp_code: "123456" } }), 400);
      expect(problem.detail).toMatch(/enrol/i);
      const status = await call(api.http, "GET", "/api/approvals/totp/status", { token: ana.token });
      expect(status.body).toEqual({ enrolled: false, confirmed: false, enforced: true, remaining_recovery_codes: 0 });
      expectOk(await call(api.http, "POST", `/api/approvals/${a.id}/reject`, { token: ana.token }), 200, approval);
    } finally {
      undo();
    }
  });
});
