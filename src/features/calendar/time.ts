/**
 * Wall-clock arithmetic in IANA zones with nothing but Intl. A "wall" Date is a floating time: its
 * UTC fields hold the local date and time (what RRULE expansion and iCalendar TZID lines want).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isTimeZone(tz: string) {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** en-US with h23 formats as "03/16/2026, 09:00:00"; reading that string is several times faster than formatToParts. */
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d+),? (\d{2}):(\d{2}):(\d{2})$/;

/** The local wall time of an instant in a zone, as a floating Date. */
export function toWall(instant: Date, tz: string): Date {
  const f = formatter(tz);
  const m = FORMATTED.exec(f.format(instant));
  const [year, month, day, hour, minute, second] = m
    ? [+m[3], +m[1], +m[2], +m[4], +m[5], +m[6]]
    : (() => {
        const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
        return [+parts.year, +parts.month, +parts.day, +parts.hour, +parts.minute, +parts.second];
      })();
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, instant.getUTCMilliseconds()));
  if (year < 100) wall.setUTCFullYear(year); // Date.UTC reads years 0..99 as 1900..1999
  return wall;
}

/** Zone offset (ms, local minus UTC) in force at an instant. */
const offsetAt = (instantMs: number, tz: string) => toWall(new Date(instantMs), tz).getTime() - instantMs;

/**
 * The instant a floating wall time denotes in a zone. In a DST gap (02:30 on a spring-forward
 * night) it lands just after the gap; in an overlap it picks the earlier of the two instants.
 */
export function fromWall(wall: Date, tz: string): Date {
  const wallMs = wall.getTime();
  const first = wallMs - offsetAt(wallMs, tz);
  const second = wallMs - offsetAt(first, tz);
  if (first === second) return new Date(first);
  // Two candidates: take the one that maps back to this wall time, preferring the earlier.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  return new Date(candidates.find((c) => toWall(new Date(c), tz).getTime() === wallMs) ?? Math.max(first, second));
}

/** YYYY-MM-DD of an instant in a zone. */
export const dateInZone = (instant: Date, tz: string) => toWall(instant, tz).toISOString().slice(0, 10);

/** The instant local midnight of a YYYY-MM-DD date begins in a zone. */
export const startOfDateInZone = (date: string, tz: string) => fromWall(new Date(`${date}T00:00:00Z`), tz);

export function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
