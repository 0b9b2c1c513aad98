import { describe, expect, it } from "vitest";
import { registeredUser } from "@/features/identity/schemas";
import { myPermissions } from "@/features/permissions/schemas";
import { call, expectOk } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, uniqueEmail } from "../support/ids";

const h = setupApi();

const register = async (nickname: string) =>
  expectOk(await call(h.http, "POST", "/auth/register", { json: { email: uniqueEmail(nickname), password: PASSWORD, nickname } }), 201, registeredUser);

describe("the first account on an empty instance", () => {
  it("is the administrator even when several sign up at once through 004's register; everyone else is a member", async () => {
    const users = await Promise.all(["ann", "bob", "cat", "dan"].map(register));
    const rows = await h.db.user.findMany({ where: { id: { in: users.map((u) => u.id) } }, include: { userRoles: { include: { role: true } } } });
    const admins = rows.filter((u) => u.role === "admin");
    expect(admins).toHaveLength(1);
    for (const u of rows) expect(u.userRoles.map((r) => r.role.key)).toEqual([u.role === "admin" ? "admin" : "member"]);

    const login = await call(h.http, "POST", "/auth/login", { form: { username: admins[0].email, password: PASSWORD } });
    const token = (login.body as { access_token: string }).access_token;
    const me = expectOk(await call(h.http, "GET", "/permissions/me", { token }), 200, myPermissions);
    expect(me.is_admin).toBe(true);
    expect(me.permissions).toContain("roles:manage");
  });
});
