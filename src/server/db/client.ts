import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { credentialsChanged } from "../auth/credential-cache";
import { openAppDatabase, type OpenedAdapter } from "./adapter";
import { watchWrites } from "./watch-writes";

export type Db = PrismaClient;
/** A client or an open transaction: helpers that run inside `$transaction` take this. */
export type DbTx = Prisma.TransactionClient;

export function createDb(opened: OpenedAdapter = openAppDatabase()): Db {
  // Writes to the credential tables empty the in-process credential cache (../auth/credential-cache.ts).
  return new PrismaClient({ adapter: watchWrites(opened.factory, ["users", "auth_sessions", "api_keys"], credentialsChanged) });
}
