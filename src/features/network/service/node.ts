import "server-only";
import { randomBytes } from "node:crypto";
import webpush from "web-push";
import type { Db } from "@/server/db/client";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";

const SELF = "self";
const VAPID_CONTEXT = "network:vapid";

/** This instance's row, made on first use (two processes racing both end up reading the one row). */
async function selfRow(db: Db) {
  const found = await db.networkNode.findUnique({ where: { id: SELF } });
  if (found) return found;
  await db.networkNode.createMany({ data: [{ id: SELF, nodeId: `atrium-${randomBytes(6).toString("hex")}` }], skipDuplicates: true });
  return db.networkNode.findUniqueOrThrow({ where: { id: SELF } });
}

/** This instance's node id: stable for the life of its database. */
export async function selfNodeId(db: Db): Promise<string> {
  return (await selfRow(db)).nodeId;
}

/**
 * The VAPID key pair that signs Web Push messages, generated once (the private key encrypted at
 * rest). A conditional update keeps the first pair when two processes generate at once.
 */
export async function vapidKeys(db: Db): Promise<{ publicKey: string; privateKey: string }> {
  let row = await selfRow(db);
  if (!row.vapidPublicKey || !row.vapidPrivateEnc) {
    const keys = webpush.generateVAPIDKeys();
    await db.networkNode.updateMany({
      where: { id: SELF, vapidPublicKey: null },
      data: { vapidPublicKey: keys.publicKey, vapidPrivateEnc: encryptSecret(keys.privateKey, VAPID_CONTEXT) },
    });
    row = await db.networkNode.findUniqueOrThrow({ where: { id: SELF } });
  }
  return { publicKey: row.vapidPublicKey!, privateKey: decryptSecret(row.vapidPrivateEnc!, VAPID_CONTEXT) };
}
