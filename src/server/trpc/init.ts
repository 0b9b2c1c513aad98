import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "../db/client";
import type { Viewer } from "../auth/viewer";
import { AppError, issuesOf, toAppError, type ErrorCode } from "../errors";
import { assertNoNul } from "../http/input-guards";
import { consume } from "../http/rate-limit";
import { log } from "../log";

export interface TrpcContext {
  db: Db;
  viewer: Viewer | null;
  ip: string;
}

const trpcCode: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  VALIDATION_ERROR: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_SUPPORTED",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  INTERNAL_ERROR: "INTERNAL_SERVER_ERROR",
  BAD_GATEWAY: "BAD_GATEWAY",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  GATEWAY_TIMEOUT: "GATEWAY_TIMEOUT",
};

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path }) {
    const cause = error.cause;
    if (error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError)) {
      // Our bug, not the caller's: log it under an id and tell the caller only the id, never the
      // internals (a Prisma message names tables and columns) nor a stack.
      const requestId = randomUUID();
      log.error("tRPC procedure failed", { request_id: requestId, path: path ?? "?", err: cause ?? error });
      const message = `Something went wrong on our side. Quote request id ${requestId} when you report it.`;
      const { code, httpStatus } = shape.data;
      return { ...shape, message, data: { code, httpStatus, path, issues: undefined, appCode: undefined, requestId } };
    }
    return {
      ...shape,
      data: {
        ...shape.data,
        // The UI shows `message`; field errors go next to their inputs.
        issues: cause instanceof ZodError ? issuesOf(cause) : cause instanceof AppError ? cause.extra.issues : undefined,
        appCode: cause instanceof AppError ? cause.code : undefined,
        requestId: undefined as string | undefined,
      },
    };
  },
});

/**
 * Services throw AppError (and Prisma's not-found and unique errors mean the same); this turns them
 * into the matching tRPC error, keeping the message. Input with NUL characters, which Postgres
 * cannot store, is refused before any procedure runs.
 */
const mapErrors = t.middleware(async ({ next, getRawInput }) => {
  try {
    assertNoNul(await getRawInput(), "input");
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new TRPCError({ code: trpcCode[error.code], message: error.detail, cause: error });
  }
  const result = await next();
  // Input validation already failed as BAD_REQUEST with its ZodError; map only what escaped a procedure.
  const escaped = !result.ok && (result.error.code === "INTERNAL_SERVER_ERROR" || result.error.cause instanceof AppError);
  const cause = escaped ? toAppError(result.error.cause) : null;
  if (cause) throw new TRPCError({ code: trpcCode[cause.code], message: cause.detail, cause });
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone. */
export const publicProcedure = t.procedure.use(mapErrors);

/** A signed-in person; `ctx.viewer` is non-null from here on. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});

/** Identity procedures share the REST routes' limits: per client address and per e-mail address. */
export const authRateLimitedProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  await consume("authIp", ctx.ip);
  const raw = (await getRawInput()) as { email?: unknown } | undefined;
  if (typeof raw?.email === "string") await consume("authEmail", raw.email.trim().toLowerCase());
  return next();
});
