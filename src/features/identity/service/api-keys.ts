import "server-only";
import { recordAudit } from "@/features/audit/record";
import type { AuthedContext } from "@/server/context";
import { API_KEY_PREFIX } from "@/server/auth/api-key-lookup";
import { randomToken, sha256 } from "@/server/crypto/tokens";
import { notFound } from "@/server/errors";
import type { ApiKey } from "@/generated/prisma/client";

const summary = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
});

export async function listApiKeys({ db, viewer }: AuthedContext) {
  const keys = await db.apiKey.findMany({ where: { userId: viewer.userId, revokedAt: null }, orderBy: { createdAt: "desc" } });
  return keys.map(summary);
}

/** The plain key is in this response only; the database keeps its SHA-256. */
export async function createApiKey({ db, viewer, ip }: AuthedContext, input: { name: string }) {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { userId: viewer.userId, name: input.name, prefix: key.slice(0, 12), keyHash: sha256(key) },
    });
    await recordAudit(tx, {
      eventType: "api_key_created", actorId: viewer.userId, subjectType: "api_key", subjectId: row.id, ip,
      details: `API key "${row.name}" (${row.prefix}…) created`, data: { name: row.name, prefix: row.prefix },
    });
    return row;
  });
  return { ...summary(created), key };
}

export async function revokeApiKey({ db, viewer, ip }: AuthedContext, id: string) {
  await db.$transaction(async (tx) => {
    const found = await tx.apiKey.findFirst({ where: { id, userId: viewer.userId, revokedAt: null }, select: { name: true, prefix: true } });
    const { count } = await tx.apiKey.updateMany({ where: { id, userId: viewer.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0 || !found) throw notFound("API key");
    await recordAudit(tx, {
      eventType: "api_key_revoked", actorId: viewer.userId, subjectType: "api_key", subjectId: id, ip,
      details: `API key "${found.name}" (${found.prefix}…) revoked`, data: { name: found.name, prefix: found.prefix },
    });
  });
}
