"use client";

import { useSyncExternalStore } from "react";

const STEP_MS = 30_000;
const subscribe = (tick: () => void) => {
  const timer = setInterval(tick, STEP_MS);
  return () => clearInterval(timer);
};

/** The time, to the half minute, in the browser; null while rendering on the server (so hydration agrees). */
export const useNow = () => useSyncExternalStore(subscribe, () => Math.floor(Date.now() / STEP_MS) * STEP_MS, () => null);

/** "just now", "12 min", "3 h 5 min", "2 d 4 h". */
export function duration(ms: number) {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** How long since `from` (or until `to`), filled in once in the browser. */
export function Since({ from, prefix = "" }: { from: string; prefix?: string }) {
  const now = useNow();
  if (now === null) return null;
  return (
    <span>
      {prefix}
      {duration(now - Date.parse(from))}
    </span>
  );
}
