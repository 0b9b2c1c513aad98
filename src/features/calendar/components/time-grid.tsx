"use client";

import clsx from "clsx";
import { useEffect, useRef, useState } from "react";
import { toWall } from "../time";
import { formatDate, hourLabel, visibleDays, type CalendarView } from "./lib/dates";
import { itemKey, itemsOnDay, type CalendarItem } from "./lib/layout";
import { DayColumn, HOUR_PX } from "./day-column";
import { ItemPill, type ChipContext } from "./item-chip";

interface Props {
  view: Extract<CalendarView, "week" | "day">;
  date: string;
  today: string;
  items: CalendarItem[];
  ctx: ChipContext;
  onCreate: (date: string, range?: { start: number; end: number; allDay?: boolean }) => void;
  onOpenDay: (date: string) => void;
}

function useNowMinutes(tz: string) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const wall = toWall(new Date(now), tz);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/** Week and day views: day headers, an all-day row, and a scrolling 24-hour grid with a now line. */
export function TimeGrid({ view, date, today, items, ctx, onCreate, onOpenDay }: Props) {
  const days = visibleDays(view, date);
  const nowMinutes = useNowMinutes(ctx.tz);
  const scroller = useRef<HTMLDivElement>(null);
  const cols = { gridTemplateColumns: `3.5rem repeat(${days.length}, minmax(0, 1fr))` };
  const allDay = days.map((d) => itemsOnDay(items, d, ctx.tz).filter((i) => i.all_day));

  useEffect(() => {
    // Start scrolled to the working day (or just above now, when today is shown).
    const el = scroller.current;
    if (!el) return;
    const showsToday = visibleDays(view, date).includes(today);
    el.scrollTop = Math.max(0, ((showsToday ? nowMinutes - 90 : 7.5 * 60) * HOUR_PX) / 60);
    // Only when the period changes, not every minute.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, days[0]]);

  return (
    <div data-calendar-grid className="flex flex-col">
      <div className="grid border-b border-zinc-200" style={cols}>
        <div aria-hidden="true" />
        {days.map((day) => (
          <div key={day} className="min-w-0 border-l border-zinc-100 px-1 py-1.5 text-center">
            <button
              type="button"
              data-date={day}
              tabIndex={day === date ? 0 : -1}
              onClick={() => (view === "week" ? onOpenDay(day) : onCreate(day))}
              aria-label={`${formatDate(day, { weekday: "long", month: "long", day: "numeric" })}${day === today ? ", today" : ""}. Enter adds an event.`}
              aria-current={day === today ? "date" : undefined}
              className={clsx("inline-flex flex-col items-center rounded-lg px-2 py-0.5 hover:bg-zinc-100", day === date && "ring-1 ring-brand-200")}
            >
              <span className="text-xs font-medium text-zinc-500 uppercase">{formatDate(day, { weekday: "short" })}</span>
              <span className={clsx("flex size-7 items-center justify-center rounded-full text-base font-semibold tabular-nums", day === today ? "bg-brand-600 text-white" : "text-zinc-900")}>
                {Number(day.slice(8))}
              </span>
            </button>
          </div>
        ))}
      </div>
      <div className="grid border-b border-zinc-200 bg-zinc-50/60" style={cols}>
        <div className="self-center pr-2 text-right text-[11px] text-zinc-500">All day</div>
        {days.map((day, i) => (
          <div
            key={day}
            className="flex min-h-8 min-w-0 cursor-cell flex-col gap-0.5 border-l border-zinc-100 p-0.5"
            onClick={(e) => e.target === e.currentTarget && onCreate(day, { start: 0, end: 24 * 60, allDay: true })}
          >
            {allDay[i].map((item) => <ItemPill key={itemKey(item)} item={item} ctx={ctx} />)}
          </div>
        ))}
      </div>
      <div ref={scroller} className="max-h-[calc(100dvh-23rem)] min-h-96 overflow-y-auto">
        <div className="grid" style={cols}>
          <div aria-hidden="true" className="relative" style={{ height: 24 * HOUR_PX }}>
            {Array.from({ length: 23 }, (_, h) => (
              <span key={h} className="absolute right-2 -translate-y-1/2 text-[11px] text-zinc-500 tabular-nums" style={{ top: (h + 1) * HOUR_PX }}>
                {hourLabel(h + 1)}
              </span>
            ))}
          </div>
          {days.map((day) => (
            <div key={day} className="border-l border-zinc-100">
              <DayColumn
                date={day}
                items={items}
                ctx={ctx}
                nowMinutes={day === today ? nowMinutes : null}
                onSelectRange={(d, start, end) => onCreate(d, { start, end })}
              />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
