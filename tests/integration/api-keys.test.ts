import { describe, expect, it } from "vitest";
import { apiKeyCreated, apiKeySummary, profile } from "@/features/identity/schemas";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, uniqueEmail, uniqueUsername } from "../support/ids";
import { signUp } from "../support/outbox";
import { callerFor, expectTrpcError } from "../support/trpc";

const h = setupApi();

const newUser = async () => {
  const session = await signUp(h.http, h.db, { username: uniqueUsername(), email: uniqueEmail("keys"), password: PASSWORD });
  return { id: session.user.id, token: session.access_token };
};

const createKey = async (token: string, name = "laptop") =>
  expectOk(await call(h.http, "POST", "/users/me/api-keys", { token, json: { name } }), 201, apiKeyCreated);
const listKeys = (token: string) => call(h.http, "GET", "/users/me/api-keys", { token });

/** Every stored column of every api_keys row, as text. */
async function storedKeyRows() {
  const rows = await h.db.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM api_keys");
  return JSON.stringify(rows);
}

describe("personal API keys over REST", () => {
  it("creates a key and shows it once, starting with atr_", async () => {
    const me = await newUser();
    const created = await createKey(me.token, "CI runner");
    expect(created.key).toMatch(/^atr_[A-Za-z0-9_-]{20,}$/);
    expect(created.name).toBe("CI runner");
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.last_used_at).toBeNull();
  });

  it("lists keys without ever returning the key itself", async () => {
    const me = await newUser();
    const created = await createKey(me.token);
    const res = await listKeys(me.token);
    const keys = expectOk(res, 200, apiKeySummary.array());
    expect(keys.map((k) => k.id)).toEqual([created.id]);
    expect(res.text).not.toContain(created.key);
    expect(Object.keys((res.body as object[])[0]).sort()).toEqual(["created_at", "id", "last_used_at", "name", "prefix"]);
  });

  it("authenticates GET /users/me with Authorization: Bearer <key>, and records the use", async () => {
    const me = await newUser();
    const created = await createKey(me.token);
    expect(expectOk(await call(h.http, "GET", "/users/me", { token: created.key }), 200, profile).id).toBe(me.id);
    const [listed] = expectOk(await listKeys(me.token), 200, apiKeySummary.array());
    expect(listed.last_used_at).not.toBeNull();
  });

  it("stops accepting a revoked key (401) and drops it from the list", async () => {
    const me = await newUser();
    const created = await createKey(me.token);
    expectNoContent(await call(h.http, "DELETE", `/users/me/api-keys/${created.id}`, { token: me.token }));
    expectProblem(await call(h.http, "GET", "/users/me", { token: created.key }), 401);
    expect(expectOk(await listKeys(me.token), 200, apiKeySummary.array())).toEqual([]);
  });

  it("answers 404 when revoking someone else's key, which keeps working", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const created = await createKey(owner.token);
    expectProblem(await call(h.http, "DELETE", `/users/me/api-keys/${created.id}`, { token: stranger.token }), 404, "NOT_FOUND");
    expectOk(await call(h.http, "GET", "/users/me", { token: created.key }), 200, profile);
  });

  it("answers 404 when revoking a key twice and 422 for an id that is no UUID", async () => {
    const me = await newUser();
    const created = await createKey(me.token);
    expectNoContent(await call(h.http, "DELETE", `/users/me/api-keys/${created.id}`, { token: me.token }));
    expectProblem(await call(h.http, "DELETE", `/users/me/api-keys/${created.id}`, { token: me.token }), 404);
    expectProblem(await call(h.http, "DELETE", "/users/me/api-keys/not-a-uuid", { token: me.token }), 422);
  });

  it("rejects a key that was never issued with 401", async () => {
    expectProblem(await call(h.http, "GET", "/users/me", { token: "atr_thisKeyWasNeverIssuedByTheServer000000" }), 401);
  });

  it("requires a name (422) and credentials (401)", async () => {
    const me = await newUser();
    expectProblem(await call(h.http, "POST", "/users/me/api-keys", { token: me.token, json: { name: "  " } }), 422);
    expectProblem(await call(h.http, "POST", "/users/me/api-keys", { json: { name: "x" } }), 401);
  });

  it("stores only a hash: no database row contains the plain key", async () => {
    const me = await newUser();
    const created = await createKey(me.token);
    const stored = await storedKeyRows();
    expect(stored).toContain(created.id);
    expect(stored).not.toContain(created.key);
  });
});

describe("personal API keys over tRPC (identity.apiKeys)", () => {
  it("creates, lists and revokes a key; the revoked key stops working over REST", async () => {
    const me = await newUser();
    const caller = callerFor(h.db, me.id);
    const created = apiKeyCreated.parse(await caller.identity.apiKeys.create({ name: "browser-made" }));
    expect(created.key).toMatch(/^atr_/);

    const listed = await caller.identity.apiKeys.list();
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expectOk(await call(h.http, "GET", "/users/me", { token: created.key }), 200, profile);

    await caller.identity.apiKeys.revoke({ id: created.id });
    expectProblem(await call(h.http, "GET", "/users/me", { token: created.key }), 401);
    expect(await storedKeyRows()).not.toContain(created.key);
  });

  it("answers NOT_FOUND when revoking another user's key", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const created = await callerFor(h.db, owner.id).identity.apiKeys.create({ name: "mine" });
    await expectTrpcError(callerFor(h.db, stranger.id).identity.apiKeys.revoke({ id: created.id }), "NOT_FOUND");
    expect(await callerFor(h.db, owner.id).identity.apiKeys.list()).toHaveLength(1);
  });

  it("refuses callers who are not signed in", async () => {
    await expectTrpcError(callerFor(h.db, null).identity.apiKeys.list(), "UNAUTHORIZED");
    await expectTrpcError(callerFor(h.db, null).identity.apiKeys.create({ name: "x" }), "UNAUTHORIZED");
  });
});
