"use client";

import clsx from "clsx";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CalendarIcon, MapPinIcon, PlusIcon, RepeatIcon, ShareIcon } from "@/components/ui/icons";
import { formatDate, periodNoun, visibleDays, type CalendarView } from "./lib/dates";
import { itemColor, itemKey, itemsOnDay, monthDays, type CalendarItem } from "./lib/layout";
import { timeRangeText, type ChipContext } from "./item-chip";

interface Props {
  view: CalendarView;
  date: string;
  today: string;
  items: CalendarItem[];
  ctx: ChipContext;
  onCreate: (date: string) => void;
}

/** Phones: the period's items as a list grouped by day (days without items are left out). */
export function AgendaList({ view, date, today, items, ctx, onCreate }: Props) {
  const days = view === "month" ? monthDays(date) : visibleDays(view, date);
  const groups = days.map((day) => ({ day, items: itemsOnDay(items, day, ctx.tz) })).filter((g) => g.items.length > 0);
  if (groups.length === 0) {
    return (
      <EmptyState
        icon={<CalendarIcon />}
        title={`Nothing this ${periodNoun(view)}`}
        description="Your events and those shared with you appear here."
        action={<Button onClick={() => onCreate(date)}><PlusIcon /> New event</Button>}
      />
    );
  }
  return (
    <div className="divide-y divide-zinc-100">
      {groups.map(({ day, items: dayItems }) => (
        <section key={day} aria-labelledby={`agenda-${day}`} className="px-4 py-3">
          <h3 id={`agenda-${day}`} className={clsx("mb-2 text-sm font-semibold", day === today ? "text-brand-700" : "text-zinc-900")}>
            {formatDate(day, { weekday: "long", month: "short", day: "numeric" })}
            {day === today && <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium">Today</span>}
          </h3>
          <ul className="flex flex-col gap-2">
            {dayItems.map((item) => {
              const owner = item.shared ? ctx.ownerName(item) : null;
              const location = typeof item.metadata?.location === "string" ? item.metadata.location : null;
              return (
                <li key={itemKey(item)}>
                  <button
                    type="button"
                    onClick={() => ctx.onOpen(item)}
                    className={clsx("flex w-full gap-3 rounded-lg border bg-white p-3 text-left hover:bg-zinc-50", item.shared ? "border-dashed" : "border-zinc-200")}
                    style={item.shared ? { borderColor: itemColor(item) } : undefined}
                  >
                    <span aria-hidden="true" className="w-1 shrink-0 self-stretch rounded-full" style={{ backgroundColor: itemColor(item) }} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium text-zinc-900">{item.title}</span>
                      <span className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-zinc-600">
                        <span className="tabular-nums">{timeRangeText(item, ctx.tz)}</span>
                        {item.rrule && <span className="inline-flex items-center gap-1"><RepeatIcon className="size-3" /> Repeats</span>}
                        {item.shared && <span className="inline-flex items-center gap-1"><ShareIcon className="size-3" /> Shared{owner ? ` by ${owner}` : ""}</span>}
                        {location && <span className="inline-flex min-w-0 items-center gap-1"><MapPinIcon className="size-3" /><span className="truncate">{location}</span></span>}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
