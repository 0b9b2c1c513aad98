import { describe, expect, it } from "vitest";
import { code6 } from "@/features/identity/schemas";
import { INVITE_ALPHABET, inviteCode, randomToken, safeEqual, sha256, sixDigitCode } from "@/server/crypto/tokens";

const samples = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

describe("invite codes", () => {
  it("use an alphabet of digits and capitals without the look-alikes 0, 1, I, L and O", () => {
    expect(INVITE_ALPHABET).toBe("23456789ABCDEFGHJKMNPQRSTUVWXYZ");
    expect(INVITE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(new Set(INVITE_ALPHABET).size).toBe(INVITE_ALPHABET.length);
  });

  it("are 8 characters from that alphabet", () => {
    for (const code of samples(2000, inviteCode)) expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  });

  it("use the whole alphabet and rarely repeat", () => {
    const codes = samples(2000, inviteCode);
    expect(new Set(codes.join("")).size).toBe(INVITE_ALPHABET.length);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("six-digit e-mail codes", () => {
  it("are exactly six digits, zero-padded", () => {
    const codes = samples(5000, sixDigitCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    // About 10% of uniform codes start with 0: padding must keep them six long.
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("are accepted by the code schema (trimmed) and nothing else is", () => {
    expect(code6.parse(" 012345 ")).toBe("012345");
    for (const bad of ["12345", "1234567", "12345a", "", "١٢٣٤٥٦"]) expect(code6.safeParse(bad).success, bad).toBe(false);
  });
});

describe("token helpers", () => {
  it("make URL-safe random tokens of the requested entropy", () => {
    const token = randomToken(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(32)).not.toBe(token);
  });

  it("hash with SHA-256 hex", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compare strings in constant time, including different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
