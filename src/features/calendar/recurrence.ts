import { AppError } from "@/server/errors";
import { MAX_OCCURRENCES, MAX_YEAR } from "./limits";
import { formatRrule, parseRrule, type Rule } from "./rrule-parse";
import { fromWall, toWall } from "./time";

/**
 * Expansion of the supported RRULE subset (see rrule-parse.ts) with a cost bounded by arithmetic,
 * not by the data: an open-ended series jumps straight to the period that holds the window (no
 * walking from a DTSTART in 1900), candidates are generated in order and the walk stops at the
 * window's end or the occurrence cap, and every walk has a hard limit on the periods it visits,
 * so even a rule that matches nothing (FREQ=DAILY;INTERVAL=7;BYDAY=TU from a Monday) ends at once.
 * It reproduces the `rrule` package's semantics for this subset (a DTSTART that does not match the
 * rule is not an occurrence, months without the day are skipped); tests/unit/calendar-recurrence
 * checks it against that package.
 *
 * Times are floating wall times of the item's zone ("wall" Dates whose UTC fields hold the local
 * date and time), converted back per occurrence, so "Mondays 09:00 Berlin" stays at 09:00 across DST.
 */

const DAY = 86_400_000;
/** A COUNT or UNTIL series is never walked past the last allowed year (no query reaches further). */
const WALK_END_MS = Date.UTC(MAX_YEAR + 1, 0, 3);
/**
 * Hard limit on the days one walk may cover, as periods per FREQ: everything from 1900 to past 2200
 * fits, so it only ever cuts short a rule stored before the bounds existed. Visiting 120,000 days
 * takes a few milliseconds.
 */
const MAX_WALK_DAYS = 120_000;
const MAX_PERIODS = { DAILY: MAX_WALK_DAYS, WEEKLY: Math.ceil(MAX_WALK_DAYS / 7), MONTHLY: Math.ceil(MAX_WALK_DAYS / 30) };

/** Validates and normalises an RRULE string (with or without the "RRULE:" prefix). */
export function normaliseRrule(raw: string): string {
  const parsed = parseRrule(raw);
  if (!parsed.ok) {
    throw new AppError("VALIDATION_ERROR", `Invalid rrule: ${parsed.errors.join("; ")}`, {
      issues: parsed.errors.map((message) => ({ path: "rrule", message })),
    });
  }
  return formatRrule(parsed.rule);
}

export interface Occurrence {
  start: Date;
  end: Date | null;
}

interface Series {
  startAt: Date;
  endAt: Date | null;
  rrule: string;
  timezone: string;
}

/** The rule of a stored item; null for one the parser refuses (treated as a single event). */
function storedRule(rrule: string): Rule | null {
  const parsed = parseRrule(rrule, { lenient: true });
  return parsed.ok ? parsed.rule : null;
}

/** Occurrences overlapping [from, to), at most `limit` (the earliest ones). */
export function occurrencesBetween(item: Series, from: Date, to: Date, limit = MAX_OCCURRENCES): Occurrence[] {
  const duration = item.endAt ? Math.max(0, item.endAt.getTime() - item.startAt.getTime()) : 0;
  const rule = storedRule(item.rrule);
  if (!rule) {
    const single = { start: item.startAt, end: item.endAt };
    return overlaps(single, from, to) ? [single] : [];
  }
  // Widen the wall-time window by a day each side (zone offsets), then filter on real instants.
  const wallFrom = toWall(new Date(from.getTime() - duration), item.timezone).getTime() - DAY;
  const wallTo = toWall(to, item.timezone).getTime() + DAY;
  const out: Occurrence[] = [];
  walk(rule, toWall(item.startAt, item.timezone).getTime(), item.timezone, wallFrom, wallTo, (wall) => {
    const start = fromWall(new Date(wall), item.timezone);
    const span = { start, end: item.endAt ? new Date(start.getTime() + duration) : null };
    if (overlaps(span, from, to)) out.push(span);
    return out.length < limit;
  });
  return out;
}

const overlaps = (span: Occurrence, from: Date, to: Date) => span.start < to && (span.end ? span.end > from : span.start >= from);

/** When the last occurrence ends, or null for a series without end. */
export function seriesEnd(item: Series): Date | null {
  const rule = storedRule(item.rrule);
  if (!rule) return item.endAt ?? item.startAt;
  if (rule.count === null && !rule.until) return null;
  let last: number | null = null;
  walk(rule, toWall(item.startAt, item.timezone).getTime(), item.timezone, -Infinity, WALK_END_MS, (wall) => {
    last = wall;
    return true;
  });
  if (last === null) return item.endAt ?? item.startAt;
  const start = fromWall(new Date(last), item.timezone);
  return item.endAt ? new Date(start.getTime() + (item.endAt.getTime() - item.startAt.getTime())) : start;
}

/**
 * Calls `emit` with the rule's wall times (ms) in [from, to], ascending, until it returns false.
 * COUNT is counted from the series' true start; UNTIL and the window end the walk.
 */
export function walk(rule: Rule, startWall: number, tz: string, from: number, to: number, emit: (wall: number) => boolean) {
  const startDay = Math.floor(startWall / DAY);
  const timeOfDay = startWall - startDay * DAY;
  const untilWall = rule.until ? toWall(rule.until, tz).getTime() : Infinity;
  const lastWall = Math.min(to, untilWall, rule.count !== null ? WALK_END_MS : Infinity);
  const lastDay = Math.floor(lastWall / DAY);
  let left = rule.count ?? Infinity;
  const limit = MAX_PERIODS[rule.freq];

  const plainDays = new Set<number>(rule.byDay.filter((d) => d.n === null).map((d) => d.weekday));
  const numberedDays = rule.byDay.filter((d) => d.n !== null);
  const startDate = civil(startDay);

  /** Offers one candidate day; false ends the walk. */
  const offer = (day: number) => {
    const wall = day * DAY + timeOfDay;
    if (wall < startWall) return true;
    if (wall > lastWall) return false;
    left--;
    if (wall >= from && !emit(wall)) return false;
    return left > 0;
  };
  const monthDayMatches = (dom: number, length: number) =>
    rule.byMonthDay.length === 0 || rule.byMonthDay.some((v) => (v > 0 ? v === dom : length + 1 + v === dom));

  // With COUNT the walk starts at the first period (occurrences before the window still count);
  // otherwise at the period holding `from`, found by arithmetic.
  const jump = rule.count === null && from > startWall;
  const fromDay = Math.floor(from / DAY);

  if (rule.freq === "DAILY") {
    const step = rule.interval;
    let k = jump ? Math.floor((fromDay - startDay) / step) : 0;
    for (let periods = 0; periods < limit; periods++, k++) {
      const day = startDay + k * step;
      if (day > lastDay) return;
      if (plainDays.size && !plainDays.has(weekday(day))) continue;
      if (rule.byMonthDay.length) {
        const date = civil(day);
        if (!monthDayMatches(date.d, monthLength(date.y, date.m))) continue;
      }
      if (!offer(day)) return;
    }
    return;
  }

  if (rule.freq === "WEEKLY") {
    const wkst = rule.wkst ?? 0;
    const firstWeek = startDay - ((weekday(startDay) - wkst + 7) % 7);
    const step = 7 * rule.interval;
    const days = plainDays.size ? plainDays : new Set<number>([weekday(startDay)]);
    // The days of a week in order from WKST.
    const offsets = [0, 1, 2, 3, 4, 5, 6].filter((o) => days.has((wkst + o) % 7));
    let k = jump ? Math.floor((fromDay - firstWeek) / step) : 0;
    for (let periods = 0; periods < limit; periods++, k++) {
      const weekStart = firstWeek + k * step;
      if (weekStart > lastDay) return;
      for (const offset of offsets) if (!offer(weekStart + offset)) return;
    }
    return;
  }

  // MONTHLY: months counted as year * 12 + month index.
  const firstMonth = startDate.y * 12 + startDate.m - 1;
  const fromDate = Number.isFinite(from) ? civil(fromDay) : null;
  let k = jump && fromDate ? Math.floor((fromDate.y * 12 + fromDate.m - 1 - firstMonth) / rule.interval) : 0;
  const defaultDay = rule.byDay.length === 0 && rule.byMonthDay.length === 0 ? startDate.d : null;
  for (let periods = 0; periods < limit; periods++, k++) {
    const index = firstMonth + k * rule.interval;
    const y = Math.floor(index / 12);
    const m = index - y * 12 + 1;
    const firstDay = daysFromCivil(y, m, 1);
    if (firstDay > lastDay) return;
    const length = monthLength(y, m);
    if (defaultDay !== null) {
      if (defaultDay <= length && !offer(firstDay + defaultDay - 1)) return;
      continue;
    }
    const firstWeekday = weekday(firstDay);
    for (let dom = 1; dom <= length; dom++) {
      if (!monthDayMatches(dom, length)) continue;
      if (rule.byDay.length) {
        const wd = (firstWeekday + dom - 1) % 7;
        if (plainDays.size ? !plainDays.has(wd) : !numberedDays.some((d) => d.weekday === wd && nthOfMonth(dom, length, d.n!))) continue;
      }
      if (!offer(firstDay + dom - 1)) return;
    }
  }
}

/** Whether day `dom` of a month of `length` days is the nth (from the end when n < 0) of its weekday. */
const nthOfMonth = (dom: number, length: number, n: number) => (n > 0 ? Math.ceil(dom / 7) === n : Math.ceil((length - dom + 1) / 7) === -n);

/** 0 = Monday … 6 = Sunday of a day number (days since 1970-01-01, a Thursday). */
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;

const monthLength = (y: number, m: number) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (H. Hinnant's civil_from_days). */
function civil(day: number) {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}
