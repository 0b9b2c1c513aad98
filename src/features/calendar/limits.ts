/**
 * Bounds on what the calendar accepts, so no request can make the server expand more than a small,
 * fixed amount of recurrence (see the Calendar section of docs/architecture.md). Shared by the zod
 * schemas (client and server) and the expansion code.
 */

/** Every date the API accepts (item start/end, range bounds, UNTIL) lies in these years, inclusive. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** A range query (start_at to end_at) spans at most this many days; the widest UI view asks for 42. */
export const MAX_RANGE_DAYS = 366;

/** COUNT is 1 to this; also the most occurrences one item yields in one range query. */
export const MAX_COUNT = 1000;
export const MAX_OCCURRENCES = 1000;

/** One range query answers at most this many items and occurrences in all (else a 422: ask for less). */
export const MAX_LISTED = 1000;

/** INTERVAL is 1 to this, per FREQ: a year of days, two years of weeks or months. */
export const MAX_INTERVAL = { DAILY: 366, WEEKLY: 104, MONTHLY: 24 } as const;

/** Length of an RRULE string. */
export const MAX_RRULE_LENGTH = 255;

/** A recurring item's single occurrence lasts at most this many days. */
export const MAX_OCCURRENCE_DAYS = 366;

/** True when the year written at the start of an ISO date or date-time is within the bounds. */
export function yearInBounds(iso: string) {
  const year = Number(iso.slice(0, 4));
  return /^\d{4}/.test(iso) && year >= MIN_YEAR && year <= MAX_YEAR;
}

export const yearBoundsMessage = `Use a date in the years ${MIN_YEAR} to ${MAX_YEAR}`;
