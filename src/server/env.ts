import { z } from "zod";

/**
 * Every environment variable Atrium reads, parsed once. README's "Configuration" lists the same set;
 * keep the two in step.
 */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded PGlite keeps its data when DATABASE_URL is unset; "memory://" for none. */
  PGLITE_DIR: z.string().default("./.data/pglite"),
  REDIS_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Atrium <no-reply@atrium.local>"),
  /** Signs access tokens and next-auth sessions. `npm start` creates one under .data/ when unset. */
  ATRIUM_SECRET: z.string().min(16).optional(),
  /** "production" hides developer conveniences such as the dev outbox. */
  ATRIUM_MODE: z.enum(["development", "production"]).default("development"),
  /** Honour X-Forwarded-For from a reverse proxy for rate limits (only behind one you trust). */
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0"),
  RATE_LIMIT_AUTH_PER_IP: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_AUTH_PER_EMAIL: z.coerce.number().int().positive().default(10),
  /** Workflow webhook calls per minute from one address, and to one workflow (429 beyond). */
  WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  WEBHOOK_WORKFLOW_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Let outbound HTTP (model providers, tools, webhooks, A2A, MCP, peers) reach non-public addresses:
   * "1"/"true" all of them (self-hosted models, tests), or a comma-separated list of addresses
   * ("10.0.0.5,127.0.0.2") for only those; "0" (default) none.
   */
  OUTBOUND_ALLOW_PRIVATE: z
    .string()
    .trim()
    .regex(/^(0|1|true|false|[0-9a-fA-F.:]+(,[0-9a-fA-F.:]+)*)$/, 'Use 1, 0, or a comma-separated list of IP addresses')
    .default("0"),
  /** pino's level for stdout logs (src/server/log): default info, silent under Vitest. */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Parsed lazily so tests and scripts can set variables before the first read. */
export function env(): Env {
  // An empty variable (`DATABASE_URL=` in a .env file or a CI matrix) means "unset".
  cached ??= schema.parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")));
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache() {
  cached = undefined;
}

export function secret(): string {
  const value = env().ATRIUM_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("ATRIUM_SECRET is not set (npm start creates one; tests set their own)");
  return value;
}

export const isDevMode = () => env().ATRIUM_MODE !== "production";

/** TRUST_PROXY: whether X-Forwarded-* headers from a reverse proxy are believed. */
export const trustsProxy = () => ["1", "true"].includes(env().TRUST_PROXY);
