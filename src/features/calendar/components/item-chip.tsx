"use client";

import clsx from "clsx";
import { RepeatIcon, ShareIcon } from "@/components/ui/icons";
import { dateInZone } from "../time";
import { formatTime } from "./lib/dates";
import { itemColor, type CalendarItem } from "./lib/layout";

export interface ChipContext {
  tz: string;
  ownerName: (item: CalendarItem) => string | null;
  onOpen: (item: CalendarItem) => void;
}

export function timeRangeText(item: CalendarItem, tz: string) {
  if (item.all_day) return "All day";
  const start = formatTime(item.start_at, tz);
  return item.end_at ? `${start} – ${formatTime(item.end_at, tz)}` : start;
}

/** Shared items get a dashed border, a share icon and (when known) the owner; recurring ones a repeat icon. */
function Marks({ item, ctx, compact }: { item: CalendarItem; ctx: ChipContext; compact?: boolean }) {
  const owner = item.shared ? ctx.ownerName(item) : null;
  return (
    <>
      {item.rrule && <RepeatIcon className="size-3 text-zinc-600" />}
      {item.shared && <ShareIcon className="size-3 text-zinc-600" />}
      <span className="sr-only">
        {item.rrule ? ", repeats" : ""}
        {item.shared ? `, shared with you${owner ? ` by ${owner}` : ""}` : ""}
      </span>
      {owner && !compact && <span aria-hidden="true" className="truncate text-[11px] text-zinc-600">· {owner}</span>}
    </>
  );
}

const chipStyle = (item: CalendarItem): React.CSSProperties => {
  const color = itemColor(item);
  return item.shared
    ? { backgroundColor: `${color}14`, borderColor: color, borderLeftColor: color }
    : { backgroundColor: `${color}26`, borderLeftColor: color };
};

const chipClass = (item: CalendarItem) =>
  clsx(
    "group flex w-full min-w-0 rounded-md border-l-[3px] text-left text-xs text-zinc-900 hover:brightness-95 focus-visible:outline-offset-1",
    item.shared ? "border border-dashed" : "border-transparent",
  );

/** One line: for month cells and the all-day row. */
export function ItemPill({ item, ctx, day }: { item: CalendarItem; ctx: ChipContext; day?: string }) {
  // On the days after the first, a multi-day item shows no start time.
  const continued = day !== undefined && dateInZone(new Date(item.start_at), ctx.tz) < day;
  return (
    <button type="button" onClick={() => ctx.onOpen(item)} className={clsx(chipClass(item), "items-center gap-1 px-1.5 py-0.5")} style={chipStyle(item)}>
      {!item.all_day && !continued && <span aria-hidden="true" className="shrink-0 tabular-nums text-zinc-600">{formatTime(item.start_at, ctx.tz)}</span>}
      <span className="truncate font-medium">{item.title}</span>
      <span className="sr-only">, {timeRangeText(item, ctx.tz)}</span>
      <Marks item={item} ctx={ctx} compact />
    </button>
  );
}

/** A block in the hour grid, positioned by the caller: title and marks, then the time, then the owner. */
export function ItemBlock({ item, ctx, style, short }: { item: CalendarItem; ctx: ChipContext; style: React.CSSProperties; short: boolean }) {
  const owner = item.shared ? ctx.ownerName(item) : null;
  return (
    <button
      type="button"
      onClick={() => ctx.onOpen(item)}
      onPointerDown={(e) => e.stopPropagation()}
      className={clsx(chipClass(item), "absolute flex-col overflow-hidden px-1.5 shadow-xs", short ? "justify-center py-0" : "py-1")}
      style={{ ...chipStyle(item), ...style }}
    >
      <span className="flex w-full min-w-0 items-center gap-1">
        <span className="truncate font-medium">{item.title}</span>
        <Marks item={item} ctx={ctx} compact />
      </span>
      <span className={clsx("w-full truncate text-[11px] text-zinc-700 tabular-nums", short && "sr-only")}>
        {short && ", "}
        {timeRangeText(item, ctx.tz)}
      </span>
      {owner && !short && <span aria-hidden="true" className="w-full truncate text-[11px] text-zinc-600">{owner}</span>}
    </button>
  );
}
