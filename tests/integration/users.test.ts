import { beforeAll, describe, expect, it } from "vitest";
import { usernameKey } from "@/features/identity/username";
import { profile, profileList, registeredUser, userLookup } from "@/features/identity/schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, suffix, uniqueEmail, uniqueUsername } from "../support/ids";
import { signUp } from "../support/outbox";

const h = setupApi();
/** Username fields for rows made directly in the database. */
const named = (username: string) => ({ username, usernameKey: usernameKey(username) });

const newUser = async (username = uniqueUsername()) => {
  const email = uniqueEmail("users");
  const session = await signUp(h.http, h.db, { username, email, password: PASSWORD });
  return { email, username, id: session.user.id, token: session.access_token };
};

describe("GET /users/me", () => {
  it("returns the signed-in profile", async () => {
    const me = await newUser();
    const body = expectOk(await call(h.http, "GET", "/users/me", { token: me.token }), 200, profile);
    expect(body).toEqual({ id: me.id, username: me.username, avatar_url: null, bio: null });
  });

  it("answers 401 without credentials", async () => {
    expectProblem(await call(h.http, "GET", "/users/me"), 401);
  });
});

describe("PATCH /users/me", () => {
  const patch = (token: string, json: unknown) => call(h.http, "PATCH", "/users/me", { token, json });

  it("changes username, avatar URL and bio, and GET shows the change", async () => {
    const me = await newUser();
    const username = uniqueUsername("renamed");
    const changes = { username, avatar_url: "https://example.com/me.png", bio: "Likes trains." };
    expect(expectOk(await patch(me.token, changes), 200, profile)).toEqual({ id: me.id, ...changes });
    expect(expectOk(await call(h.http, "GET", "/users/me", { token: me.token }), 200, profile)).toEqual({ id: me.id, ...changes });
  });

  it("keeps the fields a partial update does not mention", async () => {
    const me = await newUser();
    await patch(me.token, { avatar_url: "http://example.com/a.png", bio: "first" });
    const body = expectOk(await patch(me.token, { bio: "second" }), 200, profile);
    expect(body).toEqual({ id: me.id, username: me.username, avatar_url: "http://example.com/a.png", bio: "second" });
  });

  it("clears avatar and bio with an empty string or null", async () => {
    const me = await newUser();
    await patch(me.token, { avatar_url: "https://example.com/a.png", bio: "something" });
    const body = expectOk(await patch(me.token, { avatar_url: "", bio: null }), 200, profile);
    expect(body).toMatchObject({ avatar_url: null, bio: null });
  });

  it("accepts usernames of exactly 3 and 30 characters and a bio of exactly 200", async () => {
    const me = await newUser();
    const three = suffix(2).slice(0, 3);
    const thirty = `u${suffix(15)}`.slice(0, 30);
    expect(expectOk(await patch(me.token, { username: three }), 200, profile).username).toBe(three);
    expect(expectOk(await patch(me.token, { username: thirty }), 200, profile).username).toBe(thirty);
    expect(expectOk(await patch(me.token, { bio: "b".repeat(200) }), 200, profile).bio).toHaveLength(200);
  });

  it.each([
    ["a username of 2 characters", { username: "ab" }, "body.username"],
    ["a username of 31 characters", { username: "a".repeat(31) }, "body.username"],
    ["an ftp avatar URL", { avatar_url: "ftp://example.com/a.png" }, "body.avatar_url"],
    ["a javascript: avatar URL", { avatar_url: "javascript:alert(1)" }, "body.avatar_url"],
    ["an avatar that is no URL", { avatar_url: "me.png" }, "body.avatar_url"],
    ["a bio of 201 characters", { bio: "b".repeat(201) }, "body.bio"],
    ["a field that cannot be changed", { role: "admin" }, "body"],
  ])("rejects %s with 422 naming the field", async (_label, json, path) => {
    const me = await newUser();
    const problem = expectProblem(await patch(me.token, json), 422, "VALIDATION_ERROR");
    expect(issuePaths(problem)).toEqual([path]);
    const row = await h.db.user.findUniqueOrThrow({ where: { id: me.id } });
    expect(row).toMatchObject({ username: me.username, avatarUrl: null, bio: null, role: "user" });
  });

  it("answers 409 when the username belongs to someone else, whatever its case", async () => {
    const other = await newUser(`Taken_${suffix()}`);
    const me = await newUser();
    expectProblem(await patch(me.token, { username: other.username.toUpperCase() }), 409, "CONFLICT");
  });

  it("lets people change the case of their own username", async () => {
    const me = await newUser(`case_${suffix()}`);
    expect(expectOk(await patch(me.token, { username: me.username.toUpperCase() }), 200, profile).username).toBe(me.username.toUpperCase());
  });

  it("answers 401 without credentials", async () => {
    expectProblem(await call(h.http, "PATCH", "/users/me", { json: { bio: "x" } }), 401);
  });
});

describe("POST /users/search", () => {
  const tag = suffix(4);
  let me: Awaited<ReturnType<typeof newUser>>;
  let other: { id: string; email: string };

  beforeAll(async () => {
    me = await newUser(`me_${tag}`);
    // 25 more people whose names contain the tag, plus one named exactly like it (in upper case).
    for (let i = 0; i < 25; i++) {
      await h.db.user.create({ data: { email: uniqueEmail("s"), ...named(`${tag}_person_${String(i).padStart(2, "0")}`), passwordHash: "x" } });
    }
    other = await h.db.user.create({ data: { email: uniqueEmail("exact"), ...named(tag.toUpperCase()), passwordHash: "x" } });
  });

  const search = (query: string, token = me.token) => call(h.http, "POST", "/users/search", { token, json: { query } });

  it("finds usernames by case-insensitive substring, at most 20, the exact match first", async () => {
    const found = expectOk(await search(tag), 200, profileList);
    expect(found).toHaveLength(20);
    expect(found[0]).toMatchObject({ id: other.id, username: tag.toUpperCase() });
    for (const p of found) expect(p.username.toLowerCase()).toContain(tag);
  });

  it("matches in the middle of a name, in any case", async () => {
    const found = expectOk(await search(`${tag}_PERSON_07`.slice(2)), 200, profileList);
    expect(found.map((p) => p.username)).toEqual([`${tag}_person_07`]);
  });

  it("never returns the caller", async () => {
    expect(expectOk(await search(`me_${tag}`), 200, profileList)).toEqual([]);
    const all = expectOk(await search(tag), 200, profileList);
    expect(all.map((p) => p.id)).not.toContain(me.id);
  });

  it("finds an e-mail address only by exact match (0 or 1 result)", async () => {
    expect(expectOk(await search(other.email.toUpperCase()), 200, profileList)).toEqual([
      { id: other.id, username: tag.toUpperCase(), avatar_url: null, bio: null },
    ]);
    expect(expectOk(await search(other.email.slice(0, -1)), 200, profileList)).toEqual([]);
    expect(expectOk(await search(uniqueEmail("nobody")), 200, profileList)).toEqual([]);
  });

  it("treats % and _ in the query as plain characters, not wildcards", async () => {
    const literal = `w_${tag}`;
    await h.db.user.createMany({
      data: ["w_", "wx", "w%"].map((start) => ({ email: uniqueEmail("wild"), ...named(`${start}${tag}`), passwordHash: "x" })),
    });
    expect(expectOk(await search(literal), 200, profileList).map((p) => p.username)).toEqual([literal]);
    expect(expectOk(await search(`%${tag}`), 200, profileList).map((p) => p.username)).toEqual([`w%${tag}`]);
  });

  it("puts the exact match first even when more than 200 other names contain the query", async () => {
    // Names that sort before the query alphabetically (a... < zq...) in every collation.
    const query = `zq${suffix(4)}`;
    await h.db.user.createMany({
      data: Array.from({ length: 201 }, (_, i) => ({ email: uniqueEmail("many"), ...named(`a_${query}_${i}`), passwordHash: "x" })),
    });
    const exact = await h.db.user.create({ data: { email: uniqueEmail("exact"), ...named(query), passwordHash: "x" } });
    const found = expectOk(await search(query), 200, profileList);
    expect(found).toHaveLength(20);
    expect(found[0].id).toBe(exact.id);
  });

  it("returns profiles only, never e-mail addresses or password hashes", async () => {
    const res = await search(tag);
    expect(res.text).not.toMatch(/email|password|@example\.com/);
  });

  it("rejects an empty query with 422 and answers 401 without credentials", async () => {
    expect(issuePaths(expectProblem(await search("  "), 422))).toEqual(["body.query"]);
    expectProblem(await call(h.http, "POST", "/users/search", { json: { query: tag } }), 401);
  });
});

describe("GET /auth/users?email=", () => {
  it("finds a user by exact address, with created_at and email_confirmed_at", async () => {
    const me = await newUser();
    const other = await newUser();
    const res = await call(h.http, "GET", `/auth/users?email=${encodeURIComponent(other.email.toUpperCase())}`, { token: me.token });
    const found = expectOk(res, 200, userLookup);
    expect(found).toMatchObject({ id: other.id, email: other.email });
    expect(new Date(found.created_at).toISOString()).toBe(found.created_at);
    expect(new Date(found.email_confirmed_at!).toISOString()).toBe(found.email_confirmed_at);
  });

  it("answers 404 for an unknown address", async () => {
    const me = await newUser();
    expectProblem(await call(h.http, "GET", `/auth/users?email=${uniqueEmail("nobody")}`, { token: me.token }), 404, "NOT_FOUND");
  });

  it("answers 401 without credentials", async () => {
    expectProblem(await call(h.http, "GET", `/auth/users?email=${uniqueEmail()}`), 401);
  });

  it("answers 422 for a malformed or missing address", async () => {
    const me = await newUser();
    expect(issuePaths(expectProblem(await call(h.http, "GET", "/auth/users?email=not-an-address", { token: me.token }), 422))).toEqual([
      "query.email",
    ]);
    expectProblem(await call(h.http, "GET", "/auth/users", { token: me.token }), 422);
  });

  it("answers 403 to an account whose own address is not confirmed", async () => {
    const email = uniqueEmail("unconfirmed");
    expectOk(await call(h.http, "POST", "/auth/register", { json: { email, password: PASSWORD, nickname: "unconfirmed" } }), 201, registeredUser);
    const login = await call(h.http, "POST", "/auth/login", { form: { username: email, password: PASSWORD } });
    const token = (login.body as { access_token: string }).access_token;
    const other = await newUser();
    expectProblem(await call(h.http, "GET", `/auth/users?email=${other.email}`, { token }), 403, "FORBIDDEN");
  });
});
