import { yearInBounds } from "../../limits";
import { addDays, dateInZone } from "../../time";

/**
 * Calendar dates are "YYYY-MM-DD" strings in the viewer's zone; arithmetic on them is done in UTC
 * so it never trips over daylight saving. Weeks start on Monday.
 */
export type CalendarView = "month" | "week" | "day";
export const VIEWS: CalendarView[] = ["month", "week", "day"];
export const isView = (value: string | null): value is CalendarView => VIEWS.includes(value as CalendarView);
/** A YYYY-MM-DD the calendar can show: a real date in the years the API accepts (limits.ts). */
export const isDateString = (value: string | null): value is string =>
  !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && yearInBounds(value);

export { addDays };

export const browserTimeZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

export const todayIn = (tz: string) => dateInZone(new Date(), tz);
const utc = (date: string) => new Date(`${date}T12:00:00Z`);
/** 0 = Monday … 6 = Sunday. */
export const weekdayIndex = (date: string) => (utc(date).getUTCDay() + 6) % 7;
export const startOfWeek = (date: string) => addDays(date, -weekdayIndex(date));
export const monthOf = (date: string) => date.slice(0, 7);

export function addMonths(date: string, months: number) {
  const [y, m, d] = date.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Every day the view shows: six whole weeks for a month, seven days for a week, one for a day. */
export function visibleDays(view: CalendarView, date: string): string[] {
  if (view === "day") return [date];
  const first = view === "month" ? startOfWeek(`${monthOf(date)}-01`) : startOfWeek(date);
  return Array.from({ length: view === "month" ? 42 : 7 }, (_, i) => addDays(first, i));
}

export function shiftPeriod(view: CalendarView, date: string, direction: 1 | -1) {
  if (view === "month") return addMonths(date, direction);
  return addDays(date, direction * (view === "week" ? 7 : 1));
}

/** Formats a calendar date (not an instant): the zone is irrelevant, so UTC noon is used. */
export const formatDate = (date: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" }).format(utc(date));

export function periodTitle(view: CalendarView, date: string) {
  if (view === "month") return formatDate(date, { month: "long", year: "numeric" });
  if (view === "day") return formatDate(date, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
  const days = visibleDays("week", date);
  const fmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  return fmt.formatRange(utc(days[0]), utc(days[6]));
}

export const periodNoun = (view: CalendarView) => ({ month: "month", week: "week", day: "day" })[view];

/** "9:00 AM" (or "09:00", as the reader's locale prefers) of an instant in a zone. */
export const formatTime = (instant: Date | string, tz: string) =>
  new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: tz }).format(new Date(instant));

export const hourLabel = (hour: number) =>
  new Intl.DateTimeFormat(undefined, { hour: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(2000, 0, 1, hour)));

export const minutesToTime = (minutes: number) => {
  const m = Math.max(0, Math.min(24 * 60 - 1, minutes));
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};
