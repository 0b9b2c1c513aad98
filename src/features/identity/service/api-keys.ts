import "server-only";
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
export async function createApiKey({ db, viewer }: AuthedContext, input: { name: string }) {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const created = await db.apiKey.create({
    data: { userId: viewer.userId, name: input.name, prefix: key.slice(0, 12), keyHash: sha256(key) },
  });
  return { ...summary(created), key };
}

export async function revokeApiKey({ db, viewer }: AuthedContext, id: string) {
  const { count } = await db.apiKey.updateMany({ where: { id, userId: viewer.userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound("API key");
}
