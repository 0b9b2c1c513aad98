"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { isDateString, isView, type CalendarView } from "./dates";

/**
 * The view and the focused date live in the URL (?view=week&date=2026-03-16), so they survive a
 * reload and can be linked. Changes use the History API, which Next's router observes, so moving
 * around the calendar never asks the server to render the page again.
 */
export function useCalendarUrl(today: string) {
  const params = useSearchParams();
  const rawView = params.get("view");
  const rawDate = params.get("date");
  const view: CalendarView = isView(rawView) ? rawView : "week";
  const date = isDateString(rawDate) ? rawDate : today;

  const navigate = useCallback(
    (next: { view?: CalendarView; date?: string }, mode: "push" | "replace" = "push") => {
      const query = new URLSearchParams(window.location.search);
      query.set("view", next.view ?? view);
      query.set("date", next.date ?? date);
      const url = `${window.location.pathname}?${query.toString()}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [view, date],
  );

  return { view, date, navigate };
}
