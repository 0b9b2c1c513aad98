import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "@/server/crypto/secrets";

const KEY = "unit-test-secret-0123456789";

/** Flips one bit of a base64url part of the stored value. */
function tamper(stored: string, partIndex: number) {
  const parts = stored.split(":");
  const bytes = Buffer.from(parts[partIndex], "base64url");
  bytes[0] ^= 0x01;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(":");
}

describe("secrets at rest (AES-256-GCM)", () => {
  it("round-trips a value in the versioned v1:<iv>:<tag>:<ciphertext> format", () => {
    const stored = encryptSecret("sk-live-abc123", "model-config:u1", KEY);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain("sk-live");
    expect(decryptSecret(stored, "model-config:u1", KEY)).toBe("sk-live-abc123");
    expect(decryptSecret(encryptSecret("", "", KEY), "", KEY)).toBe("");
    expect(decryptSecret(encryptSecret("ключ 🔑", "", KEY), "", KEY)).toBe("ключ 🔑");
  });

  it("uses a fresh IV each time, so equal secrets do not look equal", () => {
    expect(encryptSecret("same", "", KEY)).not.toBe(encryptSecret("same", "", KEY));
  });

  it("detects tampering with the ciphertext, the IV or the tag", () => {
    const stored = encryptSecret("sk-live-abc123", "", KEY);
    for (const part of [1, 2, 3]) expect(() => decryptSecret(tamper(stored, part), "", KEY)).toThrow(SecretDecryptionError);
  });

  it("fails with the wrong key or when moved to another owner's context", () => {
    const stored = encryptSecret("sk-live-abc123", "model-config:u1", KEY);
    expect(() => decryptSecret(stored, "model-config:u1", "another-secret-0123456789")).toThrow(/wrong key/);
    expect(() => decryptSecret(stored, "model-config:u2", KEY)).toThrow(SecretDecryptionError);
  });

  it("refuses malformed values and unknown versions with a clear error", () => {
    expect(() => decryptSecret("plain-text-key", "", KEY)).toThrow(/format/);
    const stored = encryptSecret("x", "", KEY);
    expect(() => decryptSecret(stored.replace(/^v1/, "v9"), "", KEY)).toThrow(/version "v9"/);
  });

  it("defaults to a key derived from ATRIUM_SECRET", () => {
    expect(decryptSecret(encryptSecret("from env"))).toBe("from env");
  });
});
