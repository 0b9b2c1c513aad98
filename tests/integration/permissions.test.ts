import { beforeAll, describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { chatReply } from "@/features/chat/schemas";
import { catalog, checkResult, grant, grantList, myPermissions, role, roleList, userRoles } from "@/features/permissions/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor, expectTrpcError } from "../support/trpc";
import { createCaller } from "@/server/trpc/root";

const h = setupApi();
const MISSING = "00000000-0000-4000-8000-000000000000";

let root: Person; // the first account: the administrator
let mia: Person; // a member
let vic: Person; // made a viewer
let roleIds: Record<string, string>;

const roles = async (who: Person) => expectOk(await call(h.http, "GET", "/permissions/roles?page_size=100", { token: who.token }), 200, roleList);
const assign = (who: Person, userId: string, roleId: string) => call(h.http, "POST", `/permissions/users/${userId}/roles`, { token: who.token, json: { role_id: roleId } });
const unassign = (who: Person, userId: string, roleId: string) => call(h.http, "DELETE", `/permissions/users/${userId}/roles/${roleId}`, { token: who.token });
const grants = (type: string, id: string) => `/permissions/resources/${type}/${id}/grants`;
const newAgent = async (who: Person, name = "Helper") =>
  expectOk(await call(h.http, "POST", "/agents", { token: who.token, json: { name, system_prompt: "Be brief." } }), 201, agent);

beforeAll(async () => {
  root = await person(h.http, h.db, "root");
  mia = await person(h.http, h.db, "mia");
  vic = await person(h.http, h.db, "vic");
  roleIds = Object.fromEntries((await roles(root)).items.filter((r) => r.key).map((r) => [r.key!, r.id]));
  expectOk(await assign(root, vic.id, roleIds.viewer), 201, userRoles);
  expectNoContent(await unassign(root, vic.id, roleIds.member));
});

describe("first account and built-in roles", () => {
  it("makes the first account on an empty instance the administrator, and later ones members", async () => {
    expect((await h.db.user.findUniqueOrThrow({ where: { id: root.id } })).role).toBe("admin");
    expect((await h.db.user.findUniqueOrThrow({ where: { id: mia.id } })).role).toBe("user");
    const me = expectOk(await call(h.http, "GET", "/permissions/me", { token: root.token }), 200, myPermissions);
    expect(me).toMatchObject({ is_admin: true, roles: [expect.objectContaining({ key: "admin" })] });
    const hers = expectOk(await call(h.http, "GET", "/permissions/me", { token: mia.token }), 200, myPermissions);
    expect(hers.is_admin).toBe(false);
    expect(hers.roles.map((r) => r.key)).toEqual(["member"]);
    expect(hers.permissions).toContain("agents:create");
    expect(hers.permissions).not.toContain("roles:manage");
  });

  it("lists the catalog for everyone signed in, and 401 without a credential", async () => {
    const body = expectOk(await call(h.http, "GET", "/permissions", { token: vic.token }), 200, catalog);
    expect(body.items.find((e) => e.resource === "agents")?.permissions).toContain("agents:deploy");
    expect(body.levels).toEqual(["view", "use", "edit", "admin"]);
    for (const [method, path] of [
      ["GET", "/permissions"], ["GET", "/permissions/me"], ["POST", "/permissions/check"], ["GET", "/permissions/roles"], ["POST", "/permissions/roles"],
      ["GET", `/permissions/roles/${MISSING}`], ["PATCH", `/permissions/roles/${MISSING}`], ["DELETE", `/permissions/roles/${MISSING}`],
      ["GET", `/permissions/users/${MISSING}/roles`], ["POST", `/permissions/users/${MISSING}/roles`], ["DELETE", `/permissions/users/${MISSING}/roles/${MISSING}`],
      ["GET", grants("agent", MISSING)], ["POST", grants("agent", MISSING)], ["DELETE", `${grants("agent", MISSING)}/${MISSING}`],
    ]) {
      expectProblem(await call(h.http, method, path, { json: method === "POST" || method === "PATCH" ? {} : undefined }), 401);
    }
  });

  it("shows the built-in roles read-only: 409 on change or delete", async () => {
    const list = await roles(root);
    expect(list.items.slice(0, 3).map((r) => [r.key, r.built_in])).toEqual([["admin", true], ["member", true], ["viewer", true]]);
    expect(list.items.find((r) => r.key === "admin")?.user_count).toBe(1);
    const admin = expectOk(await call(h.http, "GET", `/permissions/roles/${roleIds.admin}`, { token: root.token }), 200, role);
    expect(admin.permissions).toContain("roles:manage");
    expectProblem(await call(h.http, "PATCH", `/permissions/roles/${roleIds.member}`, { token: root.token, json: { name: "Staff" } }), 409);
    expectProblem(await call(h.http, "DELETE", `/permissions/roles/${roleIds.viewer}`, { token: root.token }), 409);
  });
});

describe("administration is for administrators", () => {
  it("answers 403 to a member on every admin route", async () => {
    expectProblem(await call(h.http, "GET", "/permissions/roles", { token: mia.token }), 403, "FORBIDDEN");
    expectProblem(await call(h.http, "POST", "/permissions/roles", { token: mia.token, json: { name: "Mine" } }), 403);
    expectProblem(await call(h.http, "GET", `/permissions/roles/${roleIds.member}`, { token: mia.token }), 403);
    expectProblem(await call(h.http, "PATCH", `/permissions/roles/${roleIds.member}`, { token: mia.token, json: { name: "x" } }), 403);
    expectProblem(await call(h.http, "DELETE", `/permissions/roles/${roleIds.member}`, { token: mia.token }), 403);
    expectProblem(await call(h.http, "GET", `/permissions/users/${root.id}/roles`, { token: mia.token }), 403);
    expectProblem(await assign(mia, mia.id, roleIds.admin), 403);
    expectProblem(await unassign(mia, root.id, roleIds.admin), 403);
    expectProblem(await call(h.http, "POST", "/permissions/check", { token: mia.token, json: { user_id: root.id, permission: "roles:read" } }), 403);
  });

  it("lets anyone read their own roles", async () => {
    const mine = expectOk(await call(h.http, "GET", `/permissions/users/${vic.id}/roles`, { token: vic.token }), 200, userRoles);
    expect(mine.roles.map((r) => r.key)).toEqual(["viewer"]);
  });
});

describe("custom roles", () => {
  it("creates, reads, changes and deletes a custom role; 409 on a taken name, 422 on unknown permissions, 404 when gone", async () => {
    const created = expectOk(
      await call(h.http, "POST", "/permissions/roles", { token: root.token, json: { name: "Auditor", description: "Reads the audit trail", permissions: ["audit:read", "agents:read"] } }),
      201,
      role,
    );
    expect(created).toMatchObject({ key: null, built_in: false, permissions: ["agents:read", "audit:read"], user_count: 0 });
    expectProblem(await call(h.http, "POST", "/permissions/roles", { token: root.token, json: { name: "auditor" } }), 409);
    const bad = expectProblem(await call(h.http, "POST", "/permissions/roles", { token: root.token, json: { name: "", permissions: ["agents:fly"] } }), 422);
    expect(issuePaths(bad)).toEqual(["body.name", "body.permissions.0"]);

    const changed = expectOk(
      await call(h.http, "PATCH", `/permissions/roles/${created.id}`, { token: root.token, json: { name: "Auditors", permissions: ["audit:read", "audit:verify"] } }),
      200,
      role,
    );
    expect(changed).toMatchObject({ name: "Auditors", permissions: ["audit:read", "audit:verify"] });
    expectProblem(await call(h.http, "PATCH", `/permissions/roles/${created.id}`, { token: root.token, json: { colour: "red" } }), 422);

    expectOk(await assign(root, mia.id, created.id), 201, userRoles);
    const check = expectOk(await call(h.http, "POST", "/permissions/check", { token: mia.token, json: { permission: "audit:verify" } }), 200, checkResult);
    expect(check).toMatchObject({ allowed: true, permission: true, resource: null });

    expectNoContent(await call(h.http, "DELETE", `/permissions/roles/${created.id}`, { token: root.token }));
    expectProblem(await call(h.http, "GET", `/permissions/roles/${created.id}`, { token: root.token }), 404);
    expectProblem(await call(h.http, "DELETE", `/permissions/roles/${created.id}`, { token: root.token }), 404);
    const after = expectOk(await call(h.http, "POST", "/permissions/check", { token: mia.token, json: { permission: "audit:verify" } }), 200, checkResult);
    expect(after.allowed).toBe(false);
    expectProblem(await call(h.http, "GET", "/permissions/roles/not-a-uuid", { token: root.token }), 422);
  });

  it("records role changes in the audit trail", async () => {
    const events = await h.db.auditEntry.findMany({ where: { eventType: { in: ["role_created", "role_updated", "role_deleted", "role_assigned", "role_unassigned"] } } });
    expect(new Set(events.map((e) => e.eventType))).toEqual(new Set(["role_created", "role_updated", "role_deleted", "role_assigned", "role_unassigned"]));
  });
});

describe("assigning roles", () => {
  it("assigns and removes roles; 404 for unknown users, roles and roles not held; 422 for a bad body", async () => {
    expectProblem(await assign(root, MISSING, roleIds.member), 404);
    expectProblem(await assign(root, mia.id, MISSING), 404);
    expectProblem(await call(h.http, "POST", `/permissions/users/${mia.id}/roles`, { token: root.token, json: { role: "admin" } }), 422);
    expectProblem(await unassign(root, mia.id, roleIds.viewer), 404);
    expectProblem(await call(h.http, "GET", `/permissions/users/${MISSING}/roles`, { token: root.token }), 404);
  });

  it("keeps users.role in step with the admin role, and refuses to remove the last administrator (409)", async () => {
    expectProblem(await unassign(root, root.id, roleIds.admin), 409, "CONFLICT");
    const both = expectOk(await assign(root, mia.id, roleIds.admin), 201, userRoles);
    expect(both.is_admin).toBe(true);
    expect((await h.db.user.findUniqueOrThrow({ where: { id: mia.id } })).role).toBe("admin");
    // An administrator now, she may read roles at once.
    expectOk(await call(h.http, "GET", "/permissions/roles", { token: mia.token }), 200, roleList);
    expectNoContent(await unassign(mia, root.id, roleIds.admin));
    expectProblem(await unassign(mia, mia.id, roleIds.admin), 409);
    expectOk(await assign(mia, root.id, roleIds.admin), 201, userRoles);
    expectNoContent(await unassign(root, mia.id, roleIds.admin));
    expect((await h.db.user.findUniqueOrThrow({ where: { id: mia.id } })).role).toBe("user");
    expectProblem(await call(h.http, "GET", "/permissions/roles", { token: mia.token }), 403);
  });
});

describe("a viewer reads but writes nothing", () => {
  it("refuses a viewer's creates, updates and deletes across domains", async () => {
    expectProblem(await call(h.http, "POST", "/agents", { token: vic.token, json: { name: "Nope" } }), 403, "FORBIDDEN");
    expectProblem(await call(h.http, "POST", "/model-configs", { token: vic.token, json: { name: "Echo", provider: "builtin" } }), 403);
    expectProblem(await call(h.http, "POST", "/schedule-items", { token: vic.token, json: { title: "Standup", start_at: "2026-05-04T10:00:00Z" } }), 403);
    expectProblem(await call(h.http, "POST", "/agent-chat/bare", { token: vic.token, json: { message: "hello" } }), 403);
    expectProblem(await call(h.http, "POST", "/friends/requests", { token: vic.token, json: { target_user_id: mia.id } }), 403);
    // Reading still works.
    expect((await call(h.http, "GET", "/agents", { token: vic.token })).status).toBe(200);
    expect((await call(h.http, "GET", "/model-configs", { token: vic.token })).status).toBe(200);
    expect((await call(h.http, "GET", "/schedule-items", { token: vic.token })).status).toBe(200);
    expect((await call(h.http, "GET", "/friends", { token: vic.token })).status).toBe(200);
  });

  it("lets a member do what members did before roles existed", async () => {
    const a = await newAgent(mia, "Mia's own");
    expect((await call(h.http, "PUT", `/agents/${a.id}`, { token: mia.token, json: { description: "mine" } })).status).toBe(200);
    expect((await call(h.http, "POST", "/schedule-items", { token: mia.token, json: { title: "Standup", start_at: "2026-05-04T10:00:00Z" } })).status).toBe(201);
  });
});

describe("sharing one resource", () => {
  it("lets a grantee at `use` see and chat with an agent but not edit or deploy it; `edit` edits; a revoked grant stops working", async () => {
    const shared = await newAgent(root, "Shared helper");
    const ben = await person(h.http, h.db, "ben");
    expectProblem(await call(h.http, "GET", `/agents/${shared.id}`, { token: ben.token }), 404);

    const given = expectOk(await call(h.http, "POST", grants("agent", shared.id), { token: root.token, json: { user_id: ben.id, level: "use" } }), 201, grant);
    expect(given).toMatchObject({ resource_type: "agent", resource_id: shared.id, user_id: ben.id, username: ben.username, level: "use", granted_by: root.id });
    expectOk(await call(h.http, "GET", `/agents/${shared.id}`, { token: ben.token }), 200, agent);
    const listed0 = (await call(h.http, "GET", "/agents", { token: ben.token })).body as { items: { id: string; owner_id: string }[] };
    expect(listed0.items.map((x) => [x.id, x.owner_id])).toEqual([[shared.id, root.id]]);
    const reply = expectOk(await call(h.http, "POST", `/agent-chat/${shared.id}`, { token: ben.token, json: { message: "hello there" } }), 200, chatReply);
    expect(reply.content).toContain("hello there");
    expectProblem(await call(h.http, "PUT", `/agents/${shared.id}`, { token: ben.token, json: { description: "mine now" } }), 403);
    expectProblem(await call(h.http, "POST", `/agents/${shared.id}/deploy`, { token: ben.token }), 403);
    expectProblem(await call(h.http, "GET", grants("agent", shared.id), { token: ben.token }), 403);

    expectOk(await call(h.http, "POST", grants("agent", shared.id), { token: root.token, json: { user_id: ben.id, level: "edit" } }), 200, grant);
    expectOk(await call(h.http, "PUT", `/agents/${shared.id}`, { token: ben.token, json: { description: "edited by ben" } }), 200, agent);
    expectProblem(await call(h.http, "POST", `/agents/${shared.id}/deploy`, { token: ben.token }), 403);

    const listed = expectOk(await call(h.http, "GET", grants("agent", shared.id), { token: root.token }), 200, grantList);
    expect(listed.items.map((g) => [g.username, g.level])).toEqual([[ben.username, "edit"]]);
    const check = expectOk(await call(h.http, "POST", "/permissions/check", { token: ben.token, json: { resource: { type: "agent", id: shared.id, level: "edit" } } }), 200, checkResult);
    expect(check).toMatchObject({ allowed: true, resource: true, permission: null });

    expectNoContent(await call(h.http, "DELETE", `${grants("agent", shared.id)}/${ben.id}`, { token: root.token }));
    expectProblem(await call(h.http, "GET", `/agents/${shared.id}`, { token: ben.token }), 404);
    expectProblem(await call(h.http, "POST", `/agent-chat/${shared.id}`, { token: ben.token, json: { message: "still there?" } }), 404);
    expectProblem(await call(h.http, "DELETE", `${grants("agent", shared.id)}/${ben.id}`, { token: root.token }), 404);
  });

  it("answers 404 for someone else's or a missing resource, 422 for a bad type, level or owner grant", async () => {
    const own = await newAgent(mia, "Private");
    expectProblem(await call(h.http, "GET", grants("agent", own.id), { token: vic.token }), 404);
    expectProblem(await call(h.http, "POST", grants("agent", MISSING), { token: root.token, json: { user_id: vic.id, level: "use" } }), 404);
    expectProblem(await call(h.http, "POST", grants("agent", own.id), { token: mia.token, json: { user_id: MISSING, level: "use" } }), 404);
    const bad = expectProblem(await call(h.http, "POST", grants("spaceship", own.id), { token: mia.token, json: { user_id: vic.id, level: "god" } }), 422);
    expect(issuePaths(bad)).toEqual(["path.type"]);
    expect(issuePaths(expectProblem(await call(h.http, "POST", grants("agent", own.id), { token: mia.token, json: { user_id: vic.id, level: "god" } }), 422))).toEqual(["body.level"]);
    expectProblem(await call(h.http, "POST", grants("agent", own.id), { token: mia.token, json: { user_id: mia.id, level: "use" } }), 422);
  });

  it("forgets an agent's grants when the agent is deleted", async () => {
    const gone = await newAgent(mia, "Short-lived");
    expectOk(await call(h.http, "POST", grants("agent", gone.id), { token: mia.token, json: { user_id: vic.id, level: "view" } }), 201, grant);
    expectNoContent(await call(h.http, "DELETE", `/agents/${gone.id}`, { token: mia.token }));
    expect(await h.db.resourceGrant.count({ where: { resourceType: "agent", resourceId: gone.id } })).toBe(0);
  });

  it("delegates someone's approvals: `edit` on approvals/<owner id> passes the check", async () => {
    const before = expectOk(await call(h.http, "POST", "/permissions/check", { token: vic.token, json: { resource: { type: "approvals", id: mia.id, level: "edit" } } }), 200, checkResult);
    expect(before.allowed).toBe(false);
    expectOk(await call(h.http, "POST", grants("approvals", mia.id), { token: mia.token, json: { user_id: vic.id, level: "edit" } }), 201, grant);
    const after = expectOk(await call(h.http, "POST", "/permissions/check", { token: root.token, json: { user_id: vic.id, resource: { type: "approvals", id: mia.id, level: "edit" } } }), 200, checkResult);
    expect(after).toMatchObject({ user_id: vic.id, allowed: true });
    const mine = expectOk(await call(h.http, "GET", "/permissions/me", { token: vic.token }), 200, myPermissions);
    expect(mine.grants).toEqual([{ resource_type: "approvals", resource_id: mia.id, level: "edit" }]);
    // A grantee may give a grant back.
    expectNoContent(await call(h.http, "DELETE", `${grants("approvals", mia.id)}/${vic.id}`, { token: vic.token }));
  });
});

describe("the Roles page's tRPC procedures", () => {
  it("lists people with their roles for administrators and refuses members", async () => {
    const admin = createCaller({ db: h.db, viewer: { userId: root.id, role: "admin", via: "session" }, ip: "127.0.0.9" });
    const page = await admin.permissions.users({ page: 1, page_size: 50, search: vic.username });
    expect(page.items.map((u) => [u.username, u.roles.map((r) => r.key)])).toEqual([[vic.username, ["viewer"]]]);
    await expectTrpcError(callerFor(h.db, mia.id).permissions.users({ page: 1, page_size: 50 }), "FORBIDDEN");
    await expectTrpcError(callerFor(h.db, mia.id).permissions.createRole({ name: "Sneaky", description: "", permissions: [] }), "FORBIDDEN");
  });
});
