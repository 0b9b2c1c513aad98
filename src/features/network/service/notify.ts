import "server-only";
import { createHmac } from "node:crypto";
import webpush from "web-push";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { decryptSecret } from "@/server/crypto/secrets";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { networkRunner } from "./runner";
import { guardedFetch } from "@/server/outbound";
import { DELIVERY_TIMEOUT_MS } from "../config";
import { DEVICE_NOTIFICATION_JOB } from "../job-names";
import type { NotifyBody } from "../schemas";
import { limit } from "./limits";
import { vapidKeys } from "./node";
import { deviceTargetContext } from "./pairing";

/** Tries of one delivery (the job's maxAttempts). */
export const DELIVERY_ATTEMPTS = 3;

/**
 * Sends a notification to every device the caller paired: one delivery row per device, each done
 * by a job (Web Push or the device's webhook) and its outcome recorded on the row. A device that
 * registered neither is recorded as skipped. 30 per minute per person (429).
 */
export async function notifyDevices({ db, viewer }: AuthedContext, body: NotifyBody) {
  await limit("notify", viewer.userId);
  const devices = await db.pairedDevice.findMany({ where: { userId: viewer.userId }, select: { id: true, channel: true } });
  const rows = await db.$transaction(
    devices.map((d) =>
      db.deviceNotification.create({
        data: {
          deviceId: d.id,
          userId: viewer.userId,
          title: body.title,
          body: body.body,
          url: body.url ?? null,
          ...(d.channel === "none" ? { status: "skipped", error: "The device registered no push subscription or webhook" } : {}),
        },
      }),
    ),
  );
  const runner = await networkRunner();
  for (const row of rows) if (row.status === "queued") await runner.enqueue(DEVICE_NOTIFICATION_JOB, { delivery_id: row.id }, { id: row.id });
  return { queued: rows.filter((r) => r.status === "queued").length, deliveries: rows.map((r) => ({ id: r.id, device_id: r.deviceId })) };
}

class DeliveryError extends Error {
  constructor(message: string, readonly httpStatus: number | null, readonly retriable: boolean) {
    super(message);
  }
}

/**
 * The job: one delivery. A network failure or a 5xx/429 is tried again (three tries in all); a 4xx
 * is final (a push service's 404/410 means the subscription is gone). Every try is recorded.
 */
export async function deliverNotification(db: Db, deliveryId: string, attempt: number) {
  const delivery = await db.deviceNotification.findUnique({ where: { id: deliveryId }, include: { device: true } });
  if (!delivery || delivery.status !== "queued") return;
  const { device } = delivery;
  const payload = { type: "notification", id: delivery.id, device_id: device.id, title: delivery.title, body: delivery.body, url: delivery.url, sent_at: new Date().toISOString() };
  try {
    if (!device.targetEnc) throw new DeliveryError("The device registered no push subscription or webhook", null, false);
    const target = decryptSecret(device.targetEnc, deviceTargetContext(device.userId));
    const status = device.channel === "web_push" ? await sendWebPush(db, target, payload) : await sendWebhook(target, device.tokenHash, payload);
    await db.deviceNotification.updateMany({ where: { id: delivery.id, status: "queued" }, data: { status: "delivered", error: null, httpStatus: status, attempts: attempt, deliveredAt: new Date() } });
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), null, true);
    const last = !failure.retriable || attempt >= DELIVERY_ATTEMPTS;
    await db.deviceNotification.updateMany({
      where: { id: delivery.id, status: "queued" },
      data: { error: failure.message.slice(0, 500), httpStatus: failure.httpStatus, attempts: attempt, ...(last ? { status: "failed" } : {}) },
    });
    if (!last) throw failure;
  }
}

/** A refused address or a bad URL (the guard's 400) will not change on a retry; a network failure may. */
const unreachable = (error: unknown) =>
  error instanceof AppError ? new DeliveryError(error.detail, null, error.status !== 400) : new DeliveryError(String(error), null, true);

async function answered(response: Response, what: string) {
  if (response.ok) return response.status;
  const text = (await response.text().catch(() => "")).slice(0, 200);
  throw new DeliveryError(`${what} answered ${response.status}${text ? `: ${text}` : ""}`, response.status, response.status >= 500 || response.status === 429);
}

/**
 * POSTs the notification to the device's webhook. Signed so the device can tell it came from its
 * Atrium: X-Atrium-Signature = "sha256=" + hex HMAC-SHA256(key, timestamp + "." + body), where the
 * key is the hex SHA-256 of the device token (the device has the token; Atrium keeps only its hash).
 */
async function sendWebhook(url: string, tokenHash: string, payload: object) {
  const text = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", tokenHash).update(`${timestamp}.${text}`).digest("hex");
  const response = await guardedFetch(
    url,
    { method: "POST", headers: { "content-type": "application/json", "x-atrium-timestamp": timestamp, "x-atrium-signature": `sha256=${signature}` }, body: text },
    { timeoutMs: DELIVERY_TIMEOUT_MS, maxBytes: 64 * 1024, maxRedirects: 0 },
  ).catch((error: unknown) => {
    throw unreachable(error);
  });
  return answered(response, "The webhook");
}

/** Web Push (RFC 8291 encryption, VAPID), built by `web-push` and sent through the guarded client. */
async function sendWebPush(db: Db, stored: string, payload: object) {
  const subscription = JSON.parse(stored) as webpush.PushSubscription;
  const keys = await vapidKeys(db);
  const details = webpush.generateRequestDetails(subscription, JSON.stringify(payload), {
    vapidDetails: { subject: vapidSubject(), publicKey: keys.publicKey, privateKey: keys.privateKey },
    TTL: 24 * 3600,
  });
  const response = await guardedFetch(
    details.endpoint,
    { method: details.method, headers: details.headers as Record<string, string>, body: details.body ? new Uint8Array(details.body as Buffer) : undefined },
    { timeoutMs: DELIVERY_TIMEOUT_MS, maxBytes: 64 * 1024, maxRedirects: 0 },
  ).catch((error: unknown) => {
    throw unreachable(error);
  });
  if (response.status === 404 || response.status === 410) throw new DeliveryError(`The push service says the subscription is gone (${response.status}); pair the device again`, response.status, false);
  return answered(response, "The push service");
}

/** Who push services may contact about our messages: the instance's https URL, or a mailto. */
function vapidSubject() {
  const publicUrl = env().PUBLIC_URL;
  if (publicUrl?.startsWith("https://")) return new URL(publicUrl).origin;
  return `mailto:notifications@${publicUrl ? new URL(publicUrl).hostname : "atrium.invalid"}`;
}

export async function vapidPublicKey(db: Db) {
  return { public_key: (await vapidKeys(db)).publicKey };
}
