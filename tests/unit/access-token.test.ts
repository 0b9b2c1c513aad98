import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, verifyAccessToken } from "@/server/auth/access-token";
import { resetEnvCache } from "@/server/env";

const user = { id: "0b7f6f0e-2a53-4d38-9a52-6d1f4c8f2b11", role: "user" };
const sid = "5d0c2b8e-7f4a-4c1e-9b3d-2a6f8e1c4b70";
const issue = () => issueAccessToken(user, sid);
const decode = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as Record<string, unknown>;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetEnvCache();
});

describe("access tokens", () => {
  it("round-trip: a token issued for a user verifies to that user", async () => {
    expect(await verifyAccessToken(await issue())).toEqual({ userId: user.id, sessionId: sid });
  });

  it("are HS256 JWTs for the atrium API that expire after an hour", async () => {
    const token = await issue();
    expect(JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decode(token);
    expect(claims).toMatchObject({ sub: user.id, sid, iss: "atrium", aud: "atrium-api", role: "user" });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(ACCESS_TOKEN_TTL_SECONDS).toBe(3600);
  });

  it("still verify a second before they expire and not after", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const issuedAt = new Date("2026-01-01T00:00:00Z");
    vi.setSystemTime(issuedAt);
    const token = await issue();
    vi.setSystemTime(issuedAt.getTime() + (ACCESS_TOKEN_TTL_SECONDS - 1) * 1000);
    expect(await verifyAccessToken(token)).toEqual({ userId: user.id, sessionId: sid });
    vi.setSystemTime(issuedAt.getTime() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    expect(await verifyAccessToken(token)).toBeNull();
  });

  it("reject tokens that name no session (issued before sessions were recorded), which could not be revoked", async () => {
    const key = new TextEncoder().encode(`access-token:${process.env.ATRIUM_SECRET}`);
    const token = await new SignJWT({ role: "user" }).setProtectedHeader({ alg: "HS256" }).setSubject(user.id).setIssuer("atrium").setAudience("atrium-api").setIssuedAt().setExpirationTime("1h").sign(key);
    expect(await verifyAccessToken(token)).toBeNull();
  });

  it("stop verifying when the server secret changes", async () => {
    const token = await issue();
    vi.stubEnv("ATRIUM_SECRET", "a-completely-different-secret");
    resetEnvCache();
    expect(await verifyAccessToken(token)).toBeNull();
  });

  it("reject tampered claims", async () => {
    const [header, , signature] = (await issue()).split(".");
    const payload = Buffer.from(JSON.stringify({ ...decode(await issue()), role: "admin" })).toString("base64url");
    expect(await verifyAccessToken(`${header}.${payload}.${signature}`)).toBeNull();
  });

  it("reject tokens for another issuer or audience, even when signed with the right key", async () => {
    const key = new TextEncoder().encode(`access-token:${process.env.ATRIUM_SECRET}`);
    const sign = (iss: string, aud: string) =>
      new SignJWT({ sid }).setProtectedHeader({ alg: "HS256" }).setSubject(user.id).setIssuer(iss).setAudience(aud).setIssuedAt().setExpirationTime("1h").sign(key);
    expect(await verifyAccessToken(await sign("atrium", "atrium-api"))).toMatchObject({ userId: user.id });
    expect(await verifyAccessToken(await sign("someone-else", "atrium-api"))).toBeNull();
    expect(await verifyAccessToken(await sign("atrium", "another-api"))).toBeNull();
  });

  it("reject unsigned tokens and garbage", async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ sub: user.id, sid, iss: "atrium", aud: "atrium-api" })).toString("base64url")}.`;
    for (const token of [none, "", "garbage", "a.b.c"]) expect(await verifyAccessToken(token)).toBeNull();
  });
});
