import { Cron } from "croner";
import { AppError } from "@/server/errors";

/** Five-field cron read in an IANA time zone (croner); invalid ones are the caller's 422 against the field. */
export function checkedCron(cron: string, timezone: string, prefix = "body") {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw invalid(at("timezone"), "Not an IANA time zone such as Europe/Berlin");
  }
  if (cron.trim().split(/\s+/).length !== 5) throw invalid(at("cron"), "Five fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5");
  try {
    new Cron(cron, { timezone, paused: true });
  } catch (error) {
    throw invalid(at("cron"), `Not a valid cron: ${(error as Error).message}`);
  }
}

/** The first time the schedule fires strictly after `after`, or null when it never will. */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date | null {
  try {
    return new Cron(cron, { timezone, paused: true }).nextRun(after) ?? null;
  } catch {
    return null;
  }
}

function invalid(path: string, message: string) {
  return new AppError("VALIDATION_ERROR", `Invalid ${path}: ${message}`, { issues: [{ path, message }] });
}
