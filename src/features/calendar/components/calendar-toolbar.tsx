"use client";

import clsx from "clsx";
import { Button } from "@/components/ui/button";
import { ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { periodNoun, periodTitle, shiftPeriod, VIEWS, type CalendarView } from "./lib/dates";

interface Props {
  view: CalendarView;
  date: string;
  today: string;
  loading: boolean;
  navigate: (next: { view?: CalendarView; date?: string }) => void;
  children?: React.ReactNode;
}

const LABELS: Record<CalendarView, string> = { month: "Month", week: "Week", day: "Day" };

/** Today, previous/next, the period's title, and the view switch. */
export function CalendarToolbar({ view, date, today, loading, navigate, children }: Props) {
  const noun = periodNoun(view);
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-3 sm:px-4">
      <Button variant="secondary" size="sm" onClick={() => navigate({ date: today })} aria-keyshortcuts="t">
        Today
      </Button>
      <div className="flex items-center">
        <Button variant="ghost" size="icon" onClick={() => navigate({ date: shiftPeriod(view, date, -1) })} aria-label={`Previous ${noun}`} aria-keyshortcuts="PageUp">
          <ChevronLeftIcon className="size-5" />
        </Button>
        <Button variant="ghost" size="icon" onClick={() => navigate({ date: shiftPeriod(view, date, 1) })} aria-label={`Next ${noun}`} aria-keyshortcuts="PageDown">
          <ChevronRightIcon className="size-5" />
        </Button>
      </div>
      <h2 className="order-first w-full text-base font-semibold text-zinc-900 sm:order-none sm:w-auto sm:min-w-0 sm:flex-1 sm:truncate sm:text-lg" aria-live="polite">
        {periodTitle(view, date)}
      </h2>
      {loading && <Spinner className="size-4 text-zinc-400" label="Loading events" />}
      <div role="group" aria-label="View" className="flex rounded-lg border border-zinc-300 bg-white p-0.5 shadow-xs">
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={v === view}
            aria-keyshortcuts={v[0]}
            onClick={() => navigate({ view: v })}
            className={clsx("rounded-md px-2.5 py-1 text-sm font-medium", v === view ? "bg-brand-600 text-white" : "text-zinc-700 hover:bg-zinc-100")}
          >
            {LABELS[v]}
          </button>
        ))}
      </div>
      {children}
    </div>
  );
}
