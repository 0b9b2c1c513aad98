import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { profile } from "@/features/identity/schemas";
import { issueAccessToken } from "@/server/auth/access-token";
import { call, expectOk, expectProblem, type ApiResponse } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, uniqueEmail, uniqueUsername } from "../support/ids";
import { signUp } from "../support/outbox";

const h = setupApi();

function expectBearerChallenge(res: ApiResponse) {
  expectProblem(res, 401, "UNAUTHORIZED");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="atrium"/);
}

const sessionIdOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { sid: string }).sid;

const newUser = () => signUp(h.http, h.db, { username: uniqueUsername(), email: uniqueEmail("tokens"), password: PASSWORD });

describe("Bearer access tokens", () => {
  it("asks for credentials with 401 and WWW-Authenticate when none are sent", async () => {
    expectBearerChallenge(await call(h.http, "GET", "/users/me"));
  });

  it("rejects a garbage token with 401 and WWW-Authenticate", async () => {
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { token: "garbage" }));
  });

  it("rejects an Authorization header that is not Bearer", async () => {
    const session = await newUser();
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { headers: { authorization: `Basic ${session.access_token}` } }));
  });

  it("rejects a token signed with another secret", async () => {
    const session = await newUser();
    const forged = await new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(session.user.id)
      .setIssuer("atrium")
      .setAudience("atrium-api")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("access-token:a-secret-the-server-does-not-know"));
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { token: forged }));
  });

  it("rejects a token whose signature was tampered with", async () => {
    const session = await newUser();
    const [header, payload, signature] = session.access_token.split(".");
    const flipped = signature.slice(0, -2) + (signature.slice(-2) === "AA" ? "BB" : "AA");
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { token: [header, payload, flipped].join(".") }));
  });

  it("rejects an unsigned (alg none) token", async () => {
    const session = await newUser();
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode({ sub: session.user.id, iss: "atrium", aud: "atrium-api", iat: now, exp: now + 3600 })}.`;
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { token: unsigned }));
  });

  it("rejects an expired token", async () => {
    const session = await newUser();
    vi.useFakeTimers({ toFake: ["Date"] });
    let expired: string;
    try {
      vi.setSystemTime(Date.now() - 2 * 60 * 60 * 1000);
      // For the session the sign-up started, which is live: only the token's own expiry fails it.
      expired = await issueAccessToken({ id: session.user.id, role: "user" }, sessionIdOf(session.access_token));
    } finally {
      vi.useRealTimers();
    }
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { token: expired }));
  });

  it("rejects a still-valid token of a deleted user", async () => {
    const session = await newUser();
    expectOk(await call(h.http, "GET", "/users/me", { token: session.access_token }), 200, profile);
    await h.db.user.delete({ where: { id: session.user.id } });
    expectBearerChallenge(await call(h.http, "GET", "/users/me", { token: session.access_token }));
  });
});
