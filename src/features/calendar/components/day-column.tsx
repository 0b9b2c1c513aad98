"use client";

import { useState } from "react";
import { formatDate, minutesToTime } from "./lib/dates";
import { itemKey, placeTimed, type CalendarItem } from "./lib/layout";
import { ItemBlock, type ChipContext } from "./item-chip";

export const HOUR_PX = 48;
const SNAP = 15;
const px = (minutes: number) => (minutes * HOUR_PX) / 60;

interface Props {
  date: string;
  items: CalendarItem[];
  ctx: ChipContext;
  /** Minutes after midnight of "now" when this column is today. */
  nowMinutes: number | null;
  onSelectRange: (date: string, start: number, end: number) => void;
}

/** One day of the hour grid: click for an hour, or drag to choose a range, then the create dialog opens. */
export function DayColumn({ date, items, ctx, nowMinutes, onSelectRange }: Props) {
  const [drag, setDrag] = useState<{ from: number; to: number; pointer: number } | null>(null);
  const placed = placeTimed(items, date, ctx.tz);

  const minutesAt = (event: React.PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const minutes = ((event.clientY - rect.top) / HOUR_PX) * 60;
    return Math.max(0, Math.min(24 * 60, Math.floor(minutes / SNAP) * SNAP));
  };

  function onPointerDown(event: React.PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || event.target !== event.currentTarget) return;
    const at = minutesAt(event);
    if (event.pointerType !== "touch") event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ from: at, to: at + SNAP, pointer: event.pointerId });
  }
  function onPointerMove(event: React.PointerEvent<HTMLDivElement>) {
    if (!drag || drag.pointer !== event.pointerId || event.pointerType === "touch") return;
    const at = minutesAt(event);
    setDrag({ ...drag, to: at >= drag.from ? Math.max(at + SNAP, drag.from + SNAP) : at });
  }
  function onPointerUp(event: React.PointerEvent<HTMLDivElement>) {
    if (!drag || drag.pointer !== event.pointerId) return;
    const start = Math.min(drag.from, drag.to);
    let end = Math.max(drag.from, drag.to);
    // A plain click (no drag) means an hour from there.
    if (end - start <= SNAP) end = Math.min(start + 60, 24 * 60);
    setDrag(null);
    onSelectRange(date, Math.min(start, 24 * 60 - SNAP), end);
  }

  const selTop = drag ? Math.min(drag.from, drag.to) : 0;
  const selBottom = drag ? Math.max(drag.from, drag.to) : 0;
  return (
    <div
      data-testid={`day-column-${date}`}
      aria-label={`${formatDate(date, { weekday: "long", month: "long", day: "numeric" })}: click or drag to add an event`}
      role="group"
      className="relative min-w-0 cursor-cell border-r border-zinc-100 select-none last:border-r-0"
      style={{ height: px(24 * 60) }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
    >
      {Array.from({ length: 24 }, (_, h) => (
        <div key={h} aria-hidden="true" className="pointer-events-none absolute inset-x-0 border-t border-zinc-100" style={{ top: px(h * 60) }} />
      ))}
      {placed.map((p) => {
        const height = px(p.bottom - p.top) - 2;
        return (
          <ItemBlock
            key={itemKey(p.item)}
            item={p.item}
            ctx={ctx}
            short={height < 36}
            style={{ top: px(p.top) + 1, height, left: `calc(${(p.column / p.columns) * 100}% + 2px)`, width: `calc(${100 / p.columns}% - 4px)` }}
          />
        );
      })}
      {drag && (
        <div aria-hidden="true" className="pointer-events-none absolute inset-x-1 rounded-md border border-brand-500 bg-brand-500/15 px-1.5 text-[11px] font-medium text-brand-700" style={{ top: px(selTop), height: px(selBottom - selTop) }}>
          {minutesToTime(selTop)} – {minutesToTime(selBottom)}
        </div>
      )}
      {nowMinutes !== null && (
        <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 z-10 h-0.5 bg-red-500" style={{ top: px(nowMinutes) }}>
          <span className="absolute -top-[5px] -left-[5px] size-3 rounded-full bg-red-500" />
        </div>
      )}
    </div>
  );
}
