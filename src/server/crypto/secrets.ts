import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { secret } from "../env";

/**
 * Secrets at rest (provider API keys, later channel tokens and MCP credentials): AES-256-GCM under a
 * key derived with HKDF-SHA256 from ATRIUM_SECRET. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url
 * parts), so a later key or algorithm can be introduced as `v2` while `v1` values still decrypt.
 *
 * `context` is bound as additional authenticated data: a value encrypted for one owner (e.g.
 * `model-config:<userId>`) does not decrypt when copied into another owner's row.
 *
 * Changing ATRIUM_SECRET makes stored secrets unreadable; they must then be entered again.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = "atrium/secrets";
const HKDF_INFO = "v1 aes-256-gcm";

const keys = new Map<string, Buffer>();

function keyFor(master: string): Buffer {
  let key = keys.get(master);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master, HKDF_SALT, HKDF_INFO, 32));
    keys.set(master, key);
  }
  return key;
}

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt the stored secret: ${reason}`);
    this.name = "SecretDecryptionError";
  }
}

export function encryptSecret(plaintext: string, context = "", master: string = secret()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(master), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(stored: string, context = "", master: string = secret()): string {
  const parts = stored.split(":");
  if (parts.length !== 4) throw new SecretDecryptionError("not in the v1:<iv>:<tag>:<ciphertext> format");
  const [version, ivText, tagText, dataText] = parts;
  if (version !== VERSION) throw new SecretDecryptionError(`unknown format version "${version}"`);
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretDecryptionError("malformed IV or tag");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(master), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("wrong key, wrong owner or tampered value (was ATRIUM_SECRET changed?)");
  }
}
