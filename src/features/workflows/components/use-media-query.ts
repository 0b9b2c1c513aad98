"use client";

import { useSyncExternalStore } from "react";

/** Whether a media query matches; false on the server and in the first render (so hydration agrees). */
export function useMediaQuery(query: string) {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", notify);
      return () => list.removeEventListener("change", notify);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
