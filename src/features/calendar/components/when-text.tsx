"use client";

import { useSyncExternalStore } from "react";
import { browserTimeZone } from "./lib/dates";

const subscribe = () => () => {};

/** When an item happens, in the reader's zone (all-day items by their dates). Client-rendered. */
export function WhenText({ start, end, allDay, timezone, className }: { start: string; end: string | null; allDay: boolean; timezone: string; className?: string }) {
  const onClient = useSyncExternalStore(subscribe, () => true, () => false);
  if (!onClient) return <span className={className}>{"\u00a0"}</span>;
  const tz = allDay ? timezone : browserTimeZone();
  const date: Intl.DateTimeFormatOptions = { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: tz };
  const from = new Date(start);
  const to = end ? new Date(allDay ? new Date(end).getTime() - 1 : end) : null;
  let text: string;
  if (allDay) {
    const fmt = new Intl.DateTimeFormat(undefined, date);
    text = to && fmt.format(to) !== fmt.format(from) ? `${fmt.formatRange(from, to)} (all day)` : `${fmt.format(from)} (all day)`;
  } else {
    const fmt = new Intl.DateTimeFormat(undefined, { ...date, hour: "numeric", minute: "2-digit" });
    text = to ? fmt.formatRange(from, to) : fmt.format(from);
  }
  return (
    <time dateTime={start} className={className}>
      {text}
    </time>
  );
}
