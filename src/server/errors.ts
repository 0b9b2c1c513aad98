/**
 * The one error type of the domain core. Services throw it; each surface renders it in its own
 * documented shape (RFC 7807 on /api/v1, tRPC errors in the browser).
 */
export type ErrorCode =
  | "BAD_REQUEST"
  | "VALIDATION_ERROR"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "INTERNAL_ERROR"
  | "BAD_GATEWAY"
  | "SERVICE_UNAVAILABLE"
  | "GATEWAY_TIMEOUT";

export const statusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
};

export interface ValidationIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: {
      issues?: ValidationIssue[];
      headers?: Record<string, string>;
      /** The code a surface documents for this case when it is not the generic one (seed 001's TASK_NOT_FOUND). */
      wireCode?: string;
    } = {},
  ) {
    super(detail);
    this.name = "AppError";
    this.status = statusOf[code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const unauthorized = (detail = "Authentication required") => new AppError("UNAUTHORIZED", detail);
export const forbidden = (detail = "You may not do that") => new AppError("FORBIDDEN", detail);
export const conflict = (detail: string) => new AppError("CONFLICT", detail);

/** Turns a zod error into the issue list shown to clients. */
export function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}

/**
 * Maps errors from below the services onto client errors where the cause is the client's: Prisma's
 * "record not found" and unique-key violations. Input validation happens in the surfaces, so a
 * ZodError that escapes a service (a stored snapshot that no longer parses) is ours: a logged 500.
 */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const prismaCode = (error as { code?: unknown } | null)?.code;
  if (prismaCode === "P2025") return new AppError("NOT_FOUND", "Record not found");
  if (prismaCode === "P2002") return new AppError("CONFLICT", "A record with these values already exists");
  return null;
}

