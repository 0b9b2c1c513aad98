"use client";

import { useEffect, useRef } from "react";
import { addDays, shiftPeriod, type CalendarView } from "./dates";

interface Options {
  view: CalendarView;
  date: string;
  today: string;
  navigate: (next: { view?: CalendarView; date?: string }, mode?: "push" | "replace") => void;
  onCreate: (date: string) => void;
  onHelp: () => void;
  /** Called after a keyboard move so the grid can focus the new day. */
  onMoved: (date: string) => void;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
const overlayOpen = () => Boolean(document.querySelector('[role="dialog"][data-state="open"], [role="menu"][data-state="open"]'));

/**
 * Calendar keys: arrows move the focused day (when focus is in the grid), Enter adds an event on it,
 * t today, m/w/d switch view, PageUp/PageDown the previous/next period, ? the help.
 */
export function useCalendarShortcuts(options: Options) {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || overlayOpen()) return;
      const { view, date, today, navigate, onCreate, onHelp, onMoved } = latest.current;
      const inGrid = event.target instanceof HTMLElement && event.target.closest("[data-calendar-grid]") !== null;
      const focused = event.target instanceof HTMLElement ? event.target.dataset.date : undefined;
      const onDay = focused !== undefined;
      const go = (next: string, mode: "push" | "replace" = "push") => {
        navigate({ date: next }, mode);
        if (inGrid) onMoved(next);
      };
      const move = (days: number) => go(addDays(focused ?? date, days), "replace");
      const key = event.key;
      const step = view === "day" ? 1 : 7;
      if (inGrid && onDay && key === "ArrowLeft") move(-1);
      else if (inGrid && onDay && key === "ArrowRight") move(1);
      else if (inGrid && onDay && key === "ArrowUp") move(-step);
      else if (inGrid && onDay && key === "ArrowDown") move(step);
      else if (inGrid && onDay && key === "Enter") onCreate(focused ?? date);
      else if (key === "t" || key === "T") go(today);
      else if (key === "m" || key === "w" || key === "d") navigate({ view: ({ m: "month", w: "week", d: "day" } as const)[key] });
      else if (key === "PageUp") go(shiftPeriod(view, date, -1));
      else if (key === "PageDown") go(shiftPeriod(view, date, 1));
      else if (key === "?") onHelp();
      else return;
      event.preventDefault();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
