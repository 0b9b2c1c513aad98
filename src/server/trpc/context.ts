import { authenticate } from "../auth/authenticate";
import { getDb } from "../db";
import { clientIp } from "../http/adapter";
import type { TrpcContext } from "./init";

/** Context for a tRPC call: the same authenticate() as REST, so sessions, tokens and keys all work. */
export async function createTrpcContext(request: Request): Promise<TrpcContext> {
  const db = getDb();
  return { db, viewer: await authenticate(db, request), ip: clientIp(request) };
}
