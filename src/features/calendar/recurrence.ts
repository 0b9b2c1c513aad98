import * as rrulePackage from "rrule";

// rrule ships CommonJS to Node and ES modules to bundlers; under plain Node its named exports sit on
// the default export, so take the class from wherever this loader put it.
const { RRule } = ((rrulePackage as { default?: typeof rrulePackage }).default ?? rrulePackage) as typeof rrulePackage;
import { AppError } from "@/server/errors";
import { fromWall, toWall } from "./time";

/** Supported: FREQ=DAILY|WEEKLY|MONTHLY with optional INTERVAL, BYDAY, BYMONTHDAY, and UNTIL or COUNT. */
const ALLOWED_FREQ = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY]);
const ALLOWED_KEYS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"]);
/** Upper bound on occurrences expanded for one item in one query. */
const MAX_OCCURRENCES = 1000;

/** Validates and normalises an RRULE string (with or without the "RRULE:" prefix). */
export function normaliseRrule(raw: string): string {
  const body = raw.trim().replace(/^RRULE:/i, "");
  const keys = body.split(";").map((part) => part.split("=")[0]?.toUpperCase());
  const unknown = keys.filter((k) => !ALLOWED_KEYS.has(k));
  if (unknown.length) throw new AppError("VALIDATION_ERROR", `Unsupported RRULE part(s): ${unknown.join(", ")}`, { issues: [{ path: "rrule", message: `Unsupported: ${unknown.join(", ")}` }] });
  let options;
  try {
    options = RRule.parseString(body);
  } catch {
    throw invalid("Not a valid RRULE");
  }
  if (options.freq === undefined || !ALLOWED_FREQ.has(options.freq)) throw invalid("FREQ must be DAILY, WEEKLY or MONTHLY");
  if (options.until && options.count) throw invalid("Use UNTIL or COUNT, not both");
  if (options.count !== undefined && options.count !== null && (options.count < 1 || options.count > 5000)) throw invalid("COUNT must be 1 to 5000");
  return new RRule(options).toString().replace(/^RRULE:/, "");
}

const invalid = (message: string) => new AppError("VALIDATION_ERROR", `Invalid rrule: ${message}`, { issues: [{ path: "rrule", message }] });

/**
 * Builds the rule in floating wall time of the item's zone, so "every Monday 09:00 Berlin" stays at
 * 09:00 local across daylight-saving changes. UNTIL is an instant and is converted the same way.
 */
function ruleFor(rrule: string, startAt: Date, timezone: string) {
  const options = RRule.parseString(rrule);
  if (options.until) options.until = toWall(options.until, timezone);
  return new RRule({ ...options, dtstart: toWall(startAt, timezone) });
}

export interface Occurrence {
  start: Date;
  end: Date | null;
}

/** Occurrences overlapping [from, to). */
export function occurrencesBetween(
  item: { startAt: Date; endAt: Date | null; rrule: string; timezone: string },
  from: Date,
  to: Date,
): Occurrence[] {
  const duration = item.endAt ? item.endAt.getTime() - item.startAt.getTime() : 0;
  const rule = ruleFor(item.rrule, item.startAt, item.timezone);
  // Widen the wall-time window by a day each side (zone offsets), then filter on real instants.
  const wallFrom = new Date(toWall(new Date(from.getTime() - duration), item.timezone).getTime() - 86_400_000);
  const wallTo = new Date(toWall(to, item.timezone).getTime() + 86_400_000);
  const out: Occurrence[] = [];
  for (const wall of rule.between(wallFrom, wallTo, true)) {
    const start = fromWall(wall, item.timezone);
    const end = item.endAt ? new Date(start.getTime() + duration) : null;
    const overlaps = start < to && (end ? end > from : start >= from);
    if (overlaps) out.push({ start, end });
    if (out.length >= MAX_OCCURRENCES) break;
  }
  return out;
}

/** When the last occurrence ends, or null for a series without end. */
export function seriesEnd(item: { startAt: Date; endAt: Date | null; rrule: string; timezone: string }): Date | null {
  const options = RRule.parseString(item.rrule);
  if (!options.until && !options.count) return null;
  const all = ruleFor(item.rrule, item.startAt, item.timezone).all((_d, i) => i < 5000);
  const last = all.at(-1);
  if (!last) return item.endAt ?? item.startAt;
  const start = fromWall(last, item.timezone);
  return item.endAt ? new Date(start.getTime() + (item.endAt.getTime() - item.startAt.getTime())) : start;
}

