import { MAX_COUNT, MAX_INTERVAL, MAX_RRULE_LENGTH, MAX_YEAR, MIN_YEAR } from "./limits";

/**
 * A strict parser for the RRULE subset the calendar supports (RFC 5545):
 * FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, COUNT or UNTIL, BYDAY, BYMONTHDAY, WKST. Pure (no server
 * imports) so the zod schemas can use it in the browser too. Anything else is refused with a
 * message saying why, never passed on to the expander.
 */

export type Freq = "DAILY" | "WEEKLY" | "MONTHLY";
/** 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

export interface Rule {
  freq: Freq;
  interval: number;
  count: number | null;
  /** An instant (UNTIL is read as UTC, as before). */
  until: Date | null;
  /** Weekdays; `n` (±1..±5, MONTHLY only) picks the nth of the month, counting from the end when negative. */
  byDay: { weekday: Weekday; n: number | null }[];
  /** 1..31 or -31..-1 (from the end of the month). */
  byMonthDay: number[];
  wkst: Weekday | null;
}

export type ParseResult = { ok: true; rule: Rule } | { ok: false; errors: string[] };

const FREQS: Freq[] = ["DAILY", "WEEKLY", "MONTHLY"];
const KEYS = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "WKST"];
const INTEGER = /^[0-9]{1,6}$/;

/**
 * Parses an RRULE (with or without the "RRULE:" prefix). `lenient` drops the upper bounds (INTERVAL,
 * COUNT, UNTIL's years, length) for rules stored before they existed; everything that could make
 * the expander misbehave (a non-positive INTERVAL, an unknown part) is refused either way.
 */
export function parseRrule(raw: string, { lenient = false } = {}): ParseResult {
  const errors: string[] = [];
  const body = raw.trim().replace(/^RRULE:/i, "");
  if (!lenient && body.length > MAX_RRULE_LENGTH) return { ok: false, errors: [`Keep the rule under ${MAX_RRULE_LENGTH} characters`] };
  if (!body) return { ok: false, errors: ["The rule is empty"] };

  const values = new Map<string, string>();
  for (const part of body.split(";")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toUpperCase();
    const value = eq < 0 ? "" : part.slice(eq + 1).trim().toUpperCase();
    if (!key) {
      errors.push("Remove the empty part (two ';' in a row or one at the end)");
      continue;
    }
    if (!KEYS.includes(key)) {
      errors.push(`${clip(key)} is not supported (use ${KEYS.join(", ")})`);
      continue;
    }
    if (values.has(key)) {
      errors.push(`${key} appears more than once`);
      continue;
    }
    if (!value) {
      errors.push(`${key} needs a value (${key}=...)`);
      continue;
    }
    values.set(key, value);
  }
  if (errors.length) return { ok: false, errors };

  const freqValue = values.get("FREQ");
  const freq = FREQS.find((f) => f === freqValue);
  if (!freq) return { ok: false, errors: [freqValue ? "FREQ must be DAILY, WEEKLY or MONTHLY" : "FREQ is required (DAILY, WEEKLY or MONTHLY)"] };

  const rule: Rule = { freq, interval: 1, count: null, until: null, byDay: [], byMonthDay: [], wkst: null };

  const interval = values.get("INTERVAL");
  if (interval !== undefined) {
    const n = INTEGER.test(interval) ? Number(interval) : NaN;
    if (!(n >= 1 && (lenient || n <= MAX_INTERVAL[freq]))) errors.push(`INTERVAL must be a whole number from 1 to ${MAX_INTERVAL[freq]} for FREQ=${freq}`);
    else rule.interval = n;
  }

  const count = values.get("COUNT");
  if (count !== undefined) {
    const n = INTEGER.test(count) ? Number(count) : NaN;
    if (!(n >= 1 && (lenient || n <= MAX_COUNT))) errors.push(`COUNT must be a whole number from 1 to ${MAX_COUNT}`);
    else rule.count = n;
  }

  const until = values.get("UNTIL");
  if (until !== undefined) {
    const date = parseUntil(until);
    if (!date) errors.push("UNTIL must be a date such as 20261231 or 20261231T235959Z");
    else if (!lenient && (date.getUTCFullYear() < MIN_YEAR || date.getUTCFullYear() > MAX_YEAR)) errors.push(`UNTIL must be in the years ${MIN_YEAR} to ${MAX_YEAR}`);
    else rule.until = date;
  }
  if (count !== undefined && until !== undefined) errors.push("Use UNTIL or COUNT, not both");

  const byDay = values.get("BYDAY");
  if (byDay !== undefined) {
    const seen = new Set<string>();
    for (const token of byDay.split(",")) {
      const m = /^([+-]?)([1-5])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(token.trim());
      if (!m) {
        errors.push(`BYDAY: "${clip(token)}" is not a weekday (MO, TU, WE, TH, FR, SA, SU${freq === "MONTHLY" ? ", optionally numbered such as 1MO or -1FR" : ""})`);
        continue;
      }
      if (m[1] && !m[2]) {
        errors.push(`BYDAY: "${clip(token)}" has a sign but no number`);
        continue;
      }
      const weekday = WEEKDAYS.indexOf(m[3] as (typeof WEEKDAYS)[number]) as Weekday;
      const n = m[2] ? Number(m[2]) * (m[1] === "-" ? -1 : 1) : null;
      if (n !== null && freq !== "MONTHLY") {
        errors.push("BYDAY: numbered weekdays (such as 1MO) need FREQ=MONTHLY");
        continue;
      }
      const key = `${n ?? ""}${m[3]}`;
      if (seen.has(key)) {
        errors.push(`BYDAY: ${m[3]} appears more than once`);
        continue;
      }
      seen.add(key);
      rule.byDay.push({ weekday, n });
    }
    if (rule.byDay.some((d) => d.n === null) && rule.byDay.some((d) => d.n !== null)) {
      errors.push("BYDAY: use either plain weekdays (MO,WE) or numbered ones (1MO,-1FR), not both");
    }
  }

  const byMonthDay = values.get("BYMONTHDAY");
  if (byMonthDay !== undefined) {
    if (freq === "WEEKLY") errors.push("BYMONTHDAY cannot be used with FREQ=WEEKLY");
    const seen = new Set<number>();
    for (const token of byMonthDay.split(",")) {
      const m = /^([+-]?)([0-9]{1,2})$/.exec(token.trim());
      const n = m ? Number(m[2]) * (m[1] === "-" ? -1 : 1) : NaN;
      if (!(n >= 1 && n <= 31) && !(n <= -1 && n >= -31)) {
        errors.push(`BYMONTHDAY: "${clip(token)}" must be 1 to 31 or -31 to -1`);
        continue;
      }
      if (seen.has(n)) {
        errors.push(`BYMONTHDAY: ${n} appears more than once`);
        continue;
      }
      seen.add(n);
      rule.byMonthDay.push(n);
    }
  }

  const wkst = values.get("WKST");
  if (wkst !== undefined) {
    const index = WEEKDAYS.indexOf(wkst as (typeof WEEKDAYS)[number]);
    if (index < 0) errors.push("WKST must be one of MO, TU, WE, TH, FR, SA, SU");
    else rule.wkst = index as Weekday;
  }

  return errors.length ? { ok: false, errors: [...new Set(errors)] } : { ok: true, rule };
}

/** The canonical text of a rule: FREQ, INTERVAL (when not 1), WKST, BYDAY, BYMONTHDAY, COUNT or UNTIL. */
export function formatRrule(rule: Rule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.wkst !== null) parts.push(`WKST=${WEEKDAYS[rule.wkst]}`);
  if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.n === null ? "" : d.n > 0 ? `+${d.n}` : d.n}${WEEKDAYS[d.weekday]}`).join(",")}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
  return parts.join(";");
}

/** YYYYMMDD or YYYYMMDDTHHMMSS with an optional Z, read as UTC; null unless it is a real date and time. */
function parseUntil(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC maps years 0..99 onto 1900..1999
  return date.getUTCDate() === d && date.getUTCMonth() === mo - 1 ? date : null;
}

const clip = (text: string) => (text.length > 20 ? `${text.slice(0, 20)}…` : text);
