"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

const formats = {
  date: { dateStyle: "medium" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A date in the reader's own time zone. The server (and the first client render) prints UTC, so
 * hydration never disagrees; the browser then swaps in local time.
 */
export function LocalTime({ value, withTime = false, className }: { value: string; withTime?: boolean; className?: string }) {
  const onClient = useSyncExternalStore(subscribe, () => true, () => false);
  const options = withTime ? formats.dateTime : formats.date;
  const text = new Intl.DateTimeFormat("en", { ...options, ...(onClient ? {} : { timeZone: "UTC" }) }).format(new Date(value));
  return (
    <time dateTime={value} className={className}>
      {text}
      {!onClient && withTime ? " UTC" : ""}
    </time>
  );
}
