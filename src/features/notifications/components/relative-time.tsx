"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeText(value: string, now = Date.now()) {
  const seconds = (new Date(value).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** "5 minutes ago"; rendered on the client only (the server's clock and zone are not the reader's). */
export function RelativeTime({ value, className }: { value: string; className?: string }) {
  const onClient = useSyncExternalStore(subscribe, () => true, () => false);
  return (
    <time dateTime={value} className={className} title={onClient ? new Date(value).toLocaleString() : undefined}>
      {onClient ? relativeText(value) : "\u00a0"}
    </time>
  );
}
