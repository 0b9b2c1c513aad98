import "server-only";
import type { Db } from "@/server/db/client";

/** The dev outbox: mail that would have been sent, newest first (at most 50), optionally for one address (stored lower-cased). */
export async function listOutbox(db: Db, { to }: { to?: string } = {}) {
  const address = to?.trim().toLowerCase();
  return db.outboxMail.findMany({
    where: address ? { to: address } : undefined,
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}

/** The first 6-digit number in a mail (sign-up and reset codes), if any. */
export const codeIn = (text: string) => /\b\d{6}\b/.exec(text)?.[0] ?? null;
