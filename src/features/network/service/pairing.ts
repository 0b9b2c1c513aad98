import "server-only";
import { randomInt } from "node:crypto";
import type { DeviceNotification, PairedDevice } from "@/generated/prisma/client";
import type { AuthedContext, ServiceContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { encryptSecret } from "@/server/crypto/secrets";
import { INVITE_ALPHABET, randomToken, sha256 } from "@/server/crypto/tokens";
import { secret } from "@/server/env";
import { AppError, conflict, notFound } from "@/server/errors";
import { MAX_DEVICES, MAX_OPEN_CODES, networkConfig } from "../config";
import type { CompletePairingBody, DeviceDto } from "../schemas";
import { limit } from "./limits";

const DEVICE_TOKEN_PREFIX = "atrdev_";

// Keyed with the server secret: a leaked table does not give the codes away by trying all 31^6.
const hashCode = (normalized: string) => sha256(`${secret()}:pairing:${normalized}`);

/** "xk9 47b", "XK947B" and "XK9-47B" are one code; anything that is not 6 of the alphabet is none. */
const normalize = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

export const deviceTargetContext = (userId: string) => `paired-device:${userId}`;

/**
 * A pairing code for the caller: 3+3 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * crypto random, kept hashed, valid PAIRING_CODE_TTL_SECONDS (5 minutes), used once. A person holds
 * at most three open codes (a new one retires the oldest) and may ask for ten per 10 minutes (429).
 */
export async function requestPairingCode({ db, viewer }: AuthedContext) {
  await limit("pairingRequest", viewer.userId);
  const now = new Date();
  const code = Array.from({ length: 6 }, () => INVITE_ALPHABET[randomInt(0, INVITE_ALPHABET.length)]).join("");
  const expiresAt = new Date(now.getTime() + networkConfig().pairingCodeTtlMs);
  await db.$transaction(async (tx) => {
    const open = await tx.pairingCode.findMany({ where: { userId: viewer.userId, usedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" }, select: { id: true } });
    const retired = open.slice(MAX_OPEN_CODES - 1).map((c) => c.id);
    if (retired.length) await tx.pairingCode.updateMany({ where: { id: { in: retired } }, data: { usedAt: now } });
    await tx.pairingCode.create({ data: { userId: viewer.userId, codeHash: hashCode(code), expiresAt } });
  });
  return { pairing_code: `${code.slice(0, 3)}-${code.slice(3)}`, expires_at: expiresAt.toISOString() };
}

// One answer for a wrong, an expired and a used code: which of them it was is nobody's business.
const invalidCode = () => new AppError("BAD_REQUEST", "This pairing code is not valid: it may be mistyped, expired or already used. Ask for a new one.", { wireCode: "INVALID_PAIRING_CODE" });

function targetOf(body: CompletePairingBody) {
  if (body.push_subscription) return { channel: "web_push", target: JSON.stringify(body.push_subscription), hint: new URL(body.push_subscription.endpoint).host };
  if (body.webhook_url) return { channel: "webhook", target: body.webhook_url, hint: new URL(body.webhook_url).host };
  return { channel: "none", target: null, hint: null };
}

/**
 * The remote device proves the code: it is consumed (a conditional update, so two devices racing
 * with one code cannot both pair) and the device stored with a token shown once. Attempts are
 * limited per client address.
 */
export async function completePairing({ db, ip }: ServiceContext, body: CompletePairingBody) {
  await limit("pairingAttempt", ip ?? "unknown");
  const code = normalize(body.pairing_code);
  if (code.length !== 6 || [...code].some((c) => !INVITE_ALPHABET.includes(c))) throw invalidCode();
  const codeHash = hashCode(code);
  const token = DEVICE_TOKEN_PREFIX + randomToken(32);
  const { channel, target, hint } = targetOf(body);
  const device = await db.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.pairingCode.updateMany({ where: { codeHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw invalidCode();
    const { userId } = await tx.pairingCode.findUniqueOrThrow({ where: { codeHash }, select: { userId: true } });
    if ((await tx.pairedDevice.count({ where: { userId } })) >= MAX_DEVICES) throw conflict(`At most ${MAX_DEVICES} paired devices; remove one first`);
    return tx.pairedDevice.create({
      data: {
        userId,
        name: body.device_name,
        platform: body.platform ?? null,
        channel,
        targetEnc: target === null ? null : encryptSecret(target, deviceTargetContext(userId)),
        targetHint: hint,
        tokenHash: sha256(token),
        lastSeenAt: now,
      },
    });
  });
  return { device: toDeviceDto(device, null), device_token: token };
}

export function toDeviceDto(row: PairedDevice, last: DeviceNotification | null): DeviceDto {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    channel: row.channel === "web_push" || row.channel === "webhook" ? row.channel : "none",
    target_hint: row.targetHint,
    created_at: row.createdAt.toISOString(),
    last_seen_at: row.lastSeenAt?.toISOString() ?? null,
    last_notification: last
      ? {
          status: (["queued", "delivered", "failed", "skipped"] as const).find((s) => s === last.status) ?? "queued",
          error: last.error,
          at: (last.deliveredAt ?? last.createdAt).toISOString(),
          title: last.title,
        }
      : null,
  };
}

export async function listDevices({ db, viewer }: AuthedContext) {
  const rows = await db.pairedDevice.findMany({
    where: { userId: viewer.userId },
    orderBy: { createdAt: "desc" },
    include: { notifications: { orderBy: { createdAt: "desc" }, take: 1 } },
  });
  return { devices: rows.map((row) => toDeviceDto(row, row.notifications[0] ?? null)) };
}

/** Own devices only: anyone else's id is 404, like a missing one. */
export async function removeDevice({ db, viewer }: AuthedContext, id: string) {
  const { count } = await db.pairedDevice.deleteMany({ where: { id, userId: viewer.userId } });
  if (count === 0) throw notFound("Device");
}

/** The device behind a device token (`Authorization: Bearer atrdev_…`), noting that it was seen. */
export async function deviceByToken(db: Db, authorization: string | null) {
  const token = /^Bearer\s+(atrdev_[A-Za-z0-9_-]{20,100})$/.exec(authorization?.trim() ?? "")?.[1];
  const row = token ? await db.pairedDevice.findUnique({ where: { tokenHash: sha256(token) } }) : null;
  if (!row) throw new AppError("UNAUTHORIZED", "Send the device token from pairing as `Authorization: Bearer atrdev_…`", { headers: { "WWW-Authenticate": 'Bearer realm="atrium-device"' } });
  const seen = await db.pairedDevice.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } });
  const last = await db.deviceNotification.findFirst({ where: { deviceId: row.id }, orderBy: { createdAt: "desc" } });
  return toDeviceDto(seen, last);
}
