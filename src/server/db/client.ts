import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { openAppDatabase, type OpenedAdapter } from "./adapter";

export type Db = PrismaClient;
/** A client or an open transaction: helpers that run inside `$transaction` take this. */
export type DbTx = Prisma.TransactionClient;

export function createDb(opened: OpenedAdapter = openAppDatabase()): Db {
  return new PrismaClient({ adapter: opened.factory });
}
