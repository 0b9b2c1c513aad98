import type { ItemDto } from "../../schemas";
import { addDays, dateInZone, startOfDateInZone, toWall } from "../../time";

export type CalendarItem = ItemDto;
export const DEFAULT_COLOR = "#4f6ef7";
export const itemColor = (item: CalendarItem) => {
  const color = item.metadata?.color;
  return typeof color === "string" && /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_COLOR;
};
/** Occurrences of one recurring item share its id. */
export const itemKey = (item: CalendarItem) => `${item.id}@${item.start_at}`;

/** First and last calendar day an item touches: all-day items by date in their own zone (as the server does). */
export function itemDays(item: CalendarItem, viewerTz: string) {
  const start = new Date(item.start_at);
  const end = item.end_at ? new Date(item.end_at) : start;
  const tz = item.all_day ? item.timezone : viewerTz;
  const first = dateInZone(start, tz);
  const lastInstant = end.getTime() > start.getTime() ? new Date(end.getTime() - 1) : start;
  const last = dateInZone(lastInstant, tz);
  return { first, last: last < first ? first : last };
}

export const isOnDay = (item: CalendarItem, date: string, tz: string) => {
  const { first, last } = itemDays(item, tz);
  return first <= date && date <= last;
};

export interface PlacedItem {
  item: CalendarItem;
  /** Minutes after local midnight, clipped to the day. */
  top: number;
  bottom: number;
  column: number;
  columns: number;
  startsBefore: boolean;
  endsAfter: boolean;
}

const MIN_MINUTES = 20;

/** Timed items of one day, laid side by side where they overlap (greedy columns per cluster). */
export function placeTimed(items: CalendarItem[], date: string, tz: string): PlacedItem[] {
  const dayStart = startOfDateInZone(date, tz).getTime();
  const dayEnd = startOfDateInZone(addDays(date, 1), tz).getTime();
  const minutesOf = (ms: number) => {
    if (ms >= dayEnd) return 24 * 60;
    const wall = toWall(new Date(ms), tz);
    return wall.getUTCHours() * 60 + wall.getUTCMinutes();
  };
  const spans = items
    .filter((item) => !item.all_day && isOnDay(item, date, tz))
    .map((item) => {
      const start = new Date(item.start_at).getTime();
      const end = item.end_at ? new Date(item.end_at).getTime() : start;
      const top = start <= dayStart ? 0 : minutesOf(start);
      const bottom = Math.max(top + MIN_MINUTES, end >= dayEnd ? 24 * 60 : minutesOf(end));
      return { item, top, bottom: Math.min(bottom, 24 * 60), startsBefore: start < dayStart, endsAfter: end > dayEnd, column: 0, columns: 1 };
    })
    .sort((a, b) => a.top - b.top || b.bottom - a.bottom);

  let cluster: PlacedItem[] = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const columns = Math.max(1, ...cluster.map((p) => p.column + 1));
    for (const p of cluster) p.columns = columns;
    cluster = [];
  };
  for (const span of spans) {
    if (span.top >= clusterEnd) closeCluster();
    const taken = new Set(cluster.filter((p) => p.bottom > span.top).map((p) => p.column));
    let column = 0;
    while (taken.has(column)) column++;
    span.column = column;
    cluster.push(span);
    clusterEnd = Math.max(clusterEnd, span.bottom);
  }
  closeCluster();
  return spans;
}

/** Items of a day in reading order: all-day first, then by start. */
export function itemsOnDay(items: CalendarItem[], date: string, tz: string) {
  return items
    .filter((item) => isOnDay(item, date, tz))
    .sort((a, b) => Number(b.all_day) - Number(a.all_day) || a.start_at.localeCompare(b.start_at));
}

/** The days of the month a date is in (the agenda lists only these, not the grid's padding weeks). */
export function monthDays(date: string) {
  const first = `${date.slice(0, 7)}-01`;
  const out: string[] = [];
  for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) out.push(d);
  return out;
}
