"use client";

import clsx from "clsx";
import { formatDate, monthOf, visibleDays } from "./lib/dates";
import { itemKey, itemsOnDay, type CalendarItem } from "./lib/layout";
import { ItemPill, type ChipContext } from "./item-chip";

const MAX_PER_CELL = 3;
const WEEKDAYS = visibleDays("week", "2024-01-01"); // a Monday

interface Props {
  date: string;
  today: string;
  items: CalendarItem[];
  ctx: ChipContext;
  onCreate: (date: string) => void;
  onOpenDay: (date: string) => void;
}

/** Six weeks; each day a grid cell (the focused one is in the tab order) with up to three items. */
export function MonthGrid({ date, today, items, ctx, onCreate, onOpenDay }: Props) {
  const days = visibleDays("month", date);
  const month = monthOf(date);
  const weeks = Array.from({ length: 6 }, (_, w) => days.slice(w * 7, w * 7 + 7));
  return (
    <div role="grid" aria-label={formatDate(date, { month: "long", year: "numeric" })} data-calendar-grid className="flex flex-col">
      <div role="row" className="grid grid-cols-7 border-b border-zinc-200">
        {WEEKDAYS.map((d) => (
          <div key={d} role="columnheader" className="px-2 py-2 text-xs font-medium text-zinc-500 uppercase">
            <abbr title={formatDate(d, { weekday: "long" })} className="no-underline">{formatDate(d, { weekday: "short" })}</abbr>
          </div>
        ))}
      </div>
      {weeks.map((week) => (
        <div role="row" key={week[0]} className="grid grid-cols-7 border-b border-zinc-100 last:border-b-0">
          {week.map((day) => {
            const dayItems = itemsOnDay(items, day, ctx.tz);
            const extra = dayItems.length - MAX_PER_CELL;
            const label = `${formatDate(day, { weekday: "long", month: "long", day: "numeric" })}${day === today ? ", today" : ""}, ${dayItems.length ? `${dayItems.length} events` : "no events"}`;
            return (
              <div
                key={day}
                role="gridcell"
                aria-label={label}
                aria-selected={day === date}
                data-date={day}
                tabIndex={day === date ? 0 : -1}
                onClick={(e) => e.target === e.currentTarget && onCreate(day)}
                className={clsx(
                  "flex min-h-28 min-w-0 cursor-pointer flex-col gap-0.5 border-r border-zinc-100 p-1 last:border-r-0 focus-visible:outline-offset-[-2px]",
                  monthOf(day) !== month && "bg-zinc-50/80",
                  day === date && "bg-brand-50/40",
                )}
              >
                <button
                  type="button"
                  tabIndex={-1}
                  onClick={() => onOpenDay(day)}
                  aria-label={`Open ${formatDate(day, { month: "long", day: "numeric" })} in day view`}
                  className={clsx(
                    "mb-0.5 flex size-6 items-center justify-center self-start rounded-full text-xs font-medium tabular-nums hover:bg-zinc-200",
                    day === today ? "bg-brand-600 text-white hover:bg-brand-700" : monthOf(day) === month ? "text-zinc-800" : "text-zinc-400",
                  )}
                >
                  {Number(day.slice(8))}
                </button>
                {dayItems.slice(0, MAX_PER_CELL).map((item) => (
                  <ItemPill key={itemKey(item)} item={item} ctx={ctx} day={day} />
                ))}
                {extra > 0 && (
                  <button type="button" onClick={() => onOpenDay(day)} className="self-start rounded px-1.5 text-xs font-medium text-zinc-600 hover:bg-zinc-100">
                    +{extra} more
                  </button>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
