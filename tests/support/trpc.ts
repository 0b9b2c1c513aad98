import { expect } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { createCaller } from "@/server/trpc/root";
import { uniqueIp } from "./ids";

/** A tRPC caller as the browser's requests get one: a fixed viewer (or none) and a client address. */
export function callerFor(db: Db, userId: string | null, ip = uniqueIp()) {
  const viewer: Viewer | null = userId ? { userId, role: "user", via: "session" } : null;
  return createCaller({ db, viewer, ip });
}

/** Awaits a tRPC call that must fail and returns its TRPCError after checking the code. */
export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a ${code} TRPCError`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}
