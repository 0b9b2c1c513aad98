import { z } from "zod";

/**
 * The approvals domain's settings, read from the environment once (README "Configuration"):
 * - APPROVALS_TIMEOUT_MINUTES: how long a request waits for a decision before it expires (default 1440 = 24 h);
 *   a request may ask for less or more with `timeout_minutes`, within 1 minute and APPROVALS_MAX_TIMEOUT_MINUTES.
 * - APPROVALS_MAX_TIMEOUT_MINUTES: the longest a request may wait (default 10080 = 7 days).
 * - APPROVALS_SECOND_FACTOR: `totp` requires every decider to enrol TOTP (seed 000's `second_factor = "totp"`);
 *   `none` (default) requires a code only from those who enrolled.
 */
const schema = z.object({
  APPROVALS_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(525_600).default(1440),
  APPROVALS_MAX_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(525_600).default(10_080),
  APPROVALS_SECOND_FACTOR: z.enum(["none", "totp"]).default("none"),
});

export type ApprovalsConfig = z.infer<typeof schema>;

/** Read on every call (cheap), so tests can switch the second factor between cases. */
export function approvalsConfig(): ApprovalsConfig {
  const raw = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid approvals setting: ${parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join("; ")}`);
  return parsed.data;
}
