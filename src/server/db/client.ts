import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { openAppDatabase, type OpenedAdapter } from "./adapter";
import { tablesWritten } from "./read-cache";
import { watchWrites } from "./watch-writes";

export type Db = PrismaClient;
/** A client or an open transaction: helpers that run inside `$transaction` take this. */
export type DbTx = Prisma.TransactionClient;

export function createDb(opened: OpenedAdapter = openAppDatabase()): Db {
  // A write to a table empties the in-process caches read from it (./read-cache.ts).
  return new PrismaClient({ adapter: watchWrites(opened.factory, tablesWritten) });
}
