import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditList, auditStats, recentResult, securityOverview, SECURITY_SYSTEMS, verifyResult } from "@/features/audit/schemas";
import { entryHash } from "@/features/audit/chain";
import { auditSettings } from "@/features/audit/record";
import { sessionTokens } from "@/features/identity/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD } from "../support/ids";
import { person, type Person } from "../support/people";

const h = setupApi();
let admin: Person;
let member: Person;

const verify = async () => expectOk(await call(h.http, "GET", "/api/audit/verify", { token: admin.token }), 200, verifyResult);
const chainLength = () => h.db.auditEntry.count();
/** Puts rows read with SELECT * back exactly as they were. */
async function restore(rows: Record<string, unknown>[]) {
  for (const row of rows) {
    await h.db.$executeRawUnsafe(`INSERT INTO audit_entries SELECT * FROM json_populate_record(NULL::audit_entries, $1::json)`, JSON.stringify(row));
  }
}

beforeAll(async () => {
  auditSettings.checkpointEvery = 8;
  admin = await person(h.http, h.db, "admin");
  member = await person(h.http, h.db, "member");
  await h.db.user.update({ where: { id: admin.id }, data: { role: "admin" } });
  await h.db.user.update({ where: { id: member.id }, data: { role: "user" } });
});
afterAll(() => {
  auditSettings.checkpointEvery = 256;
});

describe("who may read the audit trail", () => {
  it.each(["/api/audit/recent", "/api/audit/verify", "/api/security", "/api/v1/audit-logs", "/api/v1/audit-logs/stats"])("%s: 401 without a credential, 403 for members", async (path) => {
    expectProblem(await call(h.http, "GET", path), 401);
    expectProblem(await call(h.http, "GET", path, { token: member.token }), 403);
  });
});

describe("real actions land in the chain", () => {
  it("records sign-up, sign-in, failed sign-in, sign-out and API keys, and the chain verifies", async () => {
    const email = admin.email;
    expectProblem(await call(h.http, "POST", "/auth/sessions", { json: { email, password: "wrong password!" } }), 401);
    const session = expectOk(await call(h.http, "POST", "/auth/sessions", { json: { email, password: PASSWORD } }), 200, sessionTokens);
    expect((await call(h.http, "DELETE", "/auth/sessions", { json: { refresh_token: session.refresh_token } })).status).toBe(204);
    expect((await call(h.http, "POST", "/auth/login", { form: { username: email, password: PASSWORD } })).status).toBe(200);
    const key = await call(h.http, "POST", "/users/me/api-keys", { token: member.token, json: { name: "ci" } });
    expect(key.status).toBe(201);
    expect((await call(h.http, "DELETE", `/users/me/api-keys/${(key.body as { id: string }).id}`, { token: member.token })).status).toBe(204);

    const recent = expectOk(await call(h.http, "GET", "/api/audit/recent", { token: admin.token }), 200, recentResult);
    const types = recent.entries.map((e) => e.event_type);
    for (const t of ["user_signed_up", "user_signed_in", "sign_in_failed", "user_signed_out", "api_key_created", "api_key_revoked"]) expect(types).toContain(t);
    const failed = recent.entries.find((e) => e.event_type === "sign_in_failed")!;
    expect(failed).toMatchObject({ actor_id: admin.id, data: { via: "api_session", known_account: true } });
    expect(JSON.stringify(recent)).not.toContain("wrong password!");
    const viaForm = recent.entries.find((e) => e.event_type === "user_signed_in" && e.data.via === "form_login");
    expect(viaForm?.actor_username).toBe(admin.username);
    // Newest first, ids contiguous, each linked to the one before.
    expect(recent.entries.map((e) => e.id)).toEqual([...recent.entries.map((e) => e.id)].sort((a, b) => b - a));
    for (let i = 0; i + 1 < recent.entries.length; i++) expect(recent.entries[i].prev_hash).toBe(recent.entries[i + 1].hash);
    expect(recent.total).toBe(await chainLength());

    const result = await verify();
    expect(result).toMatchObject({ status: "valid", chain_length: recent.total });
    expect(result.first_entry).not.toBeNull();
  });

  it("records a model key set and an agent deployed", async () => {
    const config = await call(h.http, "POST", "/model-configs", {
      token: member.token,
      json: { name: "groq", provider: "openai-compatible", base_url: "https://api.groq.com/openai/v1", model_name: "llama", api_key: "sk-secret-123" },
    });
    expect(config.status).toBe(201);
    const agent = await call(h.http, "POST", "/agents", { token: member.token, json: { name: "coder", system_prompt: "Help." } });
    expect(agent.status).toBe(201);
    const agentId = (agent.body as { id: string }).id;
    expect((await call(h.http, "POST", `/agents/${agentId}/deploy`, { token: member.token })).status).toBe(200);
    const recent = expectOk(await call(h.http, "GET", "/api/audit/recent?limit=5", { token: admin.token }), 200, recentResult);
    expect(recent.entries.map((e) => e.event_type)).toEqual(expect.arrayContaining(["model_key_set", "agent_deployed"]));
    expect(recent.entries.find((e) => e.event_type === "agent_deployed")?.agent_id).toBe(agentId);
    expect(JSON.stringify(recent)).not.toContain("sk-secret-123");
    expect((await verify()).status).toBe("valid");
  });
});

describe("GET /api/audit/recent", () => {
  it("answers 50 by default, at most `limit`, and 422 outside 1..500", async () => {
    await Promise.all(Array.from({ length: 60 - (await chainLength()) }, () => call(h.http, "POST", "/auth/sessions", { json: { email: member.email, password: "nope nope nope" } })));
    const byDefault = expectOk(await call(h.http, "GET", "/api/audit/recent", { token: admin.token }), 200, recentResult);
    expect(byDefault.entries).toHaveLength(50);
    expect(byDefault.total).toBeGreaterThanOrEqual(60);
    const three = expectOk(await call(h.http, "GET", "/api/audit/recent?limit=3", { token: admin.token }), 200, recentResult);
    expect(three.entries.map((e) => e.id)).toEqual([byDefault.total, byDefault.total - 1, byDefault.total - 2]);
    expect(expectOk(await call(h.http, "GET", "/api/audit/recent?limit=500", { token: admin.token }), 200, recentResult).entries).toHaveLength(byDefault.total);
    for (const bad of ["0", "501", "-1", "abc", "1.5"]) expectProblem(await call(h.http, "GET", `/api/audit/recent?limit=${bad}`, { token: admin.token }), 422);
  });
});

describe("tampering is detected", () => {
  const target = 3;

  it("a row altered in the database: broken at that entry, reason altered", async () => {
    const before = await h.db.auditEntry.findUniqueOrThrow({ where: { id: target } });
    await h.db.$executeRawUnsafe(`UPDATE audit_entries SET details = 'nothing happened here' WHERE id = ${target}`);
    expect(await verify()).toMatchObject({ status: "broken", broken_entry: target, reason: "altered", chain_length: target - 1 });
    await h.db.$executeRawUnsafe(`UPDATE audit_entries SET details = $1 WHERE id = ${target}`, before.details);
    expect((await verify()).status).toBe("valid");
  });

  it("a row deleted: broken at the missing id, reason deleted", async () => {
    const rows = await h.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM audit_entries WHERE id = ${target}`);
    await h.db.$executeRawUnsafe(`DELETE FROM audit_entries WHERE id = ${target}`);
    const result = await verify();
    expect(result).toMatchObject({ status: "broken", broken_entry: target, reason: "deleted" });
    expect(result.message).toContain(`Entry ${target} is missing`);
    await restore(rows);
    expect((await verify()).status).toBe("valid");
  });

  it("a row inserted with a correctly recomputed sha256 chain: broken at that entry, reason inserted", async () => {
    const head = await h.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    const forged = {
      id: head.id + 1, timestamp: new Date(), eventType: "user_signed_in", actorId: member.id, agentId: null,
      subjectType: "user", subjectId: member.id, details: "forged sign-in", data: {}, ip: "203.0.113.1",
    };
    const hash = entryHash(head.hash, forged);
    await h.db.$executeRawUnsafe(
      `INSERT INTO audit_entries (id, "timestamp", event_type, actor_id, agent_id, subject_type, subject_id, details, data, ip, prev_hash, hash, seal)
       VALUES ($1, $2, $3, $4::uuid, NULL, $5, $6, $7, '{}'::jsonb, $8, $9, $10, $11)`,
      forged.id, forged.timestamp, forged.eventType, forged.actorId, forged.subjectType, forged.subjectId, forged.details, forged.ip, head.hash, hash, "f".repeat(64),
    );
    expect(await verify()).toMatchObject({ status: "broken", broken_entry: forged.id, reason: "inserted" });
    await h.db.$executeRawUnsafe(`DELETE FROM audit_entries WHERE id = ${forged.id}`);
    expect((await verify()).status).toBe("valid");
  });
});

describe("signed checkpoints", () => {
  it("are written every N entries with a Merkle root, and a changed one is detected", async () => {
    const checkpoints = await h.db.auditCheckpoint.findMany({ orderBy: { toId: "asc" } });
    const length = await chainLength();
    expect(checkpoints.length).toBe(Math.floor(length / 8));
    expect(checkpoints[0]).toMatchObject({ fromId: 1, toId: 8 });
    for (let i = 1; i < checkpoints.length; i++) expect(checkpoints[i].fromId).toBe(checkpoints[i - 1].toId + 1);
    expect((await verify()).checkpoints_verified).toBe(checkpoints.length);

    const second = checkpoints[1];
    await h.db.$executeRawUnsafe(`UPDATE audit_checkpoints SET merkle_root = $1 WHERE id = ${second.id}`, "0".repeat(64));
    expect(await verify()).toMatchObject({ status: "broken", reason: "checkpoint", broken_entry: second.fromId, checkpoints_verified: 1 });
    await h.db.$executeRawUnsafe(`UPDATE audit_checkpoints SET merkle_root = $1 WHERE id = ${second.id}`, second.merkleRoot);
    expect((await verify()).status).toBe("valid");
  });

  it("entries cut from the end below a checkpoint are reported deleted", async () => {
    const last = await h.db.auditCheckpoint.findFirstOrThrow({ orderBy: { toId: "desc" } });
    const saved = await h.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM audit_entries WHERE id >= ${last.toId} ORDER BY id`);
    await h.db.$executeRawUnsafe(`DELETE FROM audit_entries WHERE id >= ${last.toId}`);
    expect(await verify()).toMatchObject({ status: "broken", reason: "deleted", broken_entry: last.toId });
    await restore(saved);
    expect((await verify()).status).toBe("valid");
  });
});

describe("concurrent writers", () => {
  it("50 concurrent audited actions leave one valid chain with contiguous ids", async () => {
    const before = await chainLength();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => call(h.http, "POST", "/users/me/api-keys", { token: member.token, json: { name: `k${i}` } })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await chainLength()).toBe(before + 50);
    const forks = await h.db.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM (SELECT prev_hash FROM audit_entries GROUP BY prev_hash HAVING count(*) > 1) f");
    expect(Number(forks[0].n)).toBe(0);
    expect(await verify()).toMatchObject({ status: "valid", chain_length: before + 50 });
  });
});

describe("seed 004 audit-logs", () => {
  it("lists with filters and paging, and counts by event type and day", async () => {
    const page = expectOk(await call(h.http, "GET", "/audit-logs?event_type=api_key_created&page_size=5", { token: admin.token }), 200, auditList);
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThanOrEqual(51);
    expect(page.items.every((e) => e.event_type === "api_key_created" && e.actor_id === member.id)).toBe(true);
    const mine = expectOk(await call(h.http, "GET", `/audit-logs?actor_id=${admin.id}`, { token: admin.token }), 200, auditList);
    expect(mine.items.every((e) => e.actor_id === admin.id)).toBe(true);
    const future = expectOk(await call(h.http, "GET", `/audit-logs?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: admin.token }), 200, auditList);
    expect(future.total).toBe(0);
    expectProblem(await call(h.http, "GET", "/audit-logs?from=yesterday", { token: admin.token }), 422);
    expectProblem(await call(h.http, "GET", "/audit-logs?page_size=101", { token: admin.token }), 422);

    const stats = expectOk(await call(h.http, "GET", "/audit-logs/stats?days=7", { token: admin.token }), 200, auditStats);
    expect(stats.total).toBe(await chainLength());
    expect(stats.by_day).toHaveLength(7);
    expect(stats.by_day[6].count).toBe(stats.total);
    expect(stats.by_event_type.find((t) => t.event_type === "api_key_created")?.count).toBeGreaterThanOrEqual(51);
    expectProblem(await call(h.http, "GET", "/audit-logs/stats?days=0", { token: admin.token }), 422);
  });
});

describe("GET /api/security", () => {
  it("reports all sixteen systems with a reason each, all_active computed", async () => {
    const overview = expectOk(await call(h.http, "GET", "/api/security", { token: admin.token }), 200, securityOverview);
    expect(overview.total_systems).toBe(16);
    expect(Object.keys(overview.security_systems).sort()).toEqual([...SECURITY_SYSTEMS].sort());
    expect(overview.security_systems.merkle_audit_trail).toBe("active");
    expect(overview.security_systems.loop_guard).toBe("active");
    expect(overview.details.gcra_rate_limiter).toMatch(/Not GCRA/);
    const states = Object.values(overview.security_systems);
    expect(overview.all_active).toBe(states.every((s) => s !== "inactive"));
  });
});
