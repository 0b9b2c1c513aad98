import { describe, expect, it } from "vitest";
import { email, profileUpdate, signupRequest, username, verifyRequest } from "@/features/identity/schemas";

describe("identity input schemas", () => {
  it("trim and lower-case e-mail addresses", () => {
    expect(email.parse("  Ana.Lopez@Example.COM ")).toBe("ana.lopez@example.com");
    expect(email.safeParse("ana@").success).toBe(false);
  });

  it("accept usernames of 3 to 30 characters without spaces or @", () => {
    for (const ok of ["ana", "a".repeat(30), "Ana_Lopez-2"]) expect(username.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["an", "a".repeat(31), "ana lopez", "ana@home"]) expect(username.safeParse(bad).success, bad).toBe(false);
  });

  it("accept any short invite code at sign-up (invalid ones must not block it)", () => {
    const base = { username: "ana", email: "ana@example.com", password: "secret1" };
    expect(signupRequest.safeParse({ ...base, invite_code: "garbage!" }).success).toBe(true);
    expect(signupRequest.safeParse({ ...base, invite_code: "x".repeat(33) }).success).toBe(false);
  });

  it("require new_password only for recovery", () => {
    expect(verifyRequest.safeParse({ type: "signup", email: "a@b.co", token: "123456" }).success).toBe(true);
    expect(verifyRequest.safeParse({ type: "recovery", email: "a@b.co", token: "123456" }).success).toBe(false);
    expect(verifyRequest.safeParse({ type: "recovery", email: "a@b.co", token: "123456", new_password: "secret1" }).success).toBe(true);
    expect(verifyRequest.safeParse({ type: "other", email: "a@b.co", token: "123456" }).success).toBe(false);
  });

  it("allow only http(s) avatar URLs, empty or null to clear, and no unknown fields in a profile update", () => {
    for (const ok of [{ avatar_url: "https://x.io/a.png" }, { avatar_url: "http://x.io/a.png" }, { avatar_url: "" }, { avatar_url: null }, {}]) {
      expect(profileUpdate.safeParse(ok).success, JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [{ avatar_url: "ftp://x.io/a" }, { avatar_url: "data:image/png;base64,AAAA" }, { role: "admin" }, { bio: "b".repeat(201) }]) {
      expect(profileUpdate.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
