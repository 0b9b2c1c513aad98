"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { PlusIcon, RssIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { MAX_YEAR, MIN_YEAR } from "../limits";
import { AgendaList } from "./agenda-list";
import { CalendarToolbar } from "./calendar-toolbar";
import { FeedDialog } from "./feed-dialog";
import { ItemDialog, type EditorState } from "./item-dialog";
import type { ChipContext } from "./item-chip";
import { browserTimeZone, periodNoun, todayIn, visibleDays } from "./lib/dates";
import type { CalendarItem } from "./lib/layout";
import { useCalendarShortcuts } from "./lib/use-calendar-shortcuts";
import { useCalendarUrl } from "./lib/use-calendar-url";
import { MonthGrid } from "./month-grid";
import { ShareDialog } from "./share-dialog";
import { ShortcutsHelp } from "./shortcuts-help";
import { TimeGrid } from "./time-grid";

const subscribe = () => () => {};
const FIRST_DATE = `${MIN_YEAR}-01-01`;
const LAST_DATE = `${MAX_YEAR}-12-31`;
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The calendar depends on the reader's zone and clock, so it renders in the browser only. */
export function CalendarView() {
  const onClient = useSyncExternalStore(subscribe, () => true, () => false);
  if (!onClient) {
    return (
      <div aria-busy="true">
        <PageHeader title="Calendar" />
        <span className="sr-only">Loading the calendar</span>
        <Skeleton className="h-[32rem] w-full rounded-xl" />
      </div>
    );
  }
  return <CalendarClient />;
}

function CalendarClient() {
  const trpc = useTRPC();
  const tz = useMemo(() => browserTimeZone(), []);
  const today = todayIn(tz);
  const { view, date, navigate } = useCalendarUrl(today);
  const days = visibleDays(view, date);
  const range = useQuery({
    // The grid around 1 January 1900 or 31 December 2200 shows days the API does not accept: ask for the rest.
    ...trpc.calendar.range.queryOptions({ start_at: maxDate(days[0], FIRST_DATE), end_at: minDate(days[days.length - 1], LAST_DATE), timezone: tz }),
    placeholderData: keepPreviousData,
  });
  const friends = useQuery(trpc.social.friends.queryOptions());
  const [editor, setEditor] = useState<EditorState>(null);
  const [sharing, setSharing] = useState<CalendarItem | null>(null);
  const [help, setHelp] = useState(false);
  const [feed, setFeed] = useState(false);
  const pendingFocus = useRef<string | null>(null);

  const create = useCallback((d: string, r?: { start: number; end: number; allDay?: boolean }) => {
    setEditor({ mode: "create", defaults: { date: d, start: r?.start, end: r?.end, allDay: r?.allDay } });
  }, []);
  const ownerName = useCallback(
    (item: CalendarItem) => friends.data?.find((f) => f.friend_id === item.owner_id)?.username ?? null,
    [friends.data],
  );
  const ctx: ChipContext = useMemo(() => ({ tz, ownerName, onOpen: (item) => setEditor({ mode: "edit", item }) }), [tz, ownerName]);
  const openDay = (d: string) => navigate({ view: "day", date: d });

  useCalendarShortcuts({ view, date, today, navigate, onCreate: create, onHelp: () => setHelp(true), onMoved: (d) => (pendingFocus.current = d) });
  useEffect(() => {
    // After a keyboard move re-renders the grid, focus follows the new day.
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    document.querySelector<HTMLElement>(`[data-calendar-grid] [data-date="${target}"]`)?.focus();
  }, [view, date]);

  const items = range.data ?? [];
  const empty = range.data && range.data.length === 0;
  return (
    <div className="flex min-w-0 flex-col">
      <PageHeader
        title="Calendar"
        description={`Times in ${tz.replace(/_/g, " ")}.`}
        actions={
          <>
            <Button variant="secondary" onClick={() => setFeed(true)}>
              <RssIcon /> <span className="hidden sm:inline">Subscribe in other apps</span><span className="sm:hidden">Subscribe</span>
            </Button>
            <Button onClick={() => create(date)}>
              <PlusIcon /> New event
            </Button>
          </>
        }
      />
      <Card className="overflow-hidden">
        <CalendarToolbar view={view} date={date} today={today} loading={range.isFetching} navigate={navigate}>
          <ShortcutsHelp open={help} onOpenChange={setHelp} />
        </CalendarToolbar>
        {range.isError && !range.data ? (
          <ErrorState title="Could not load your calendar" message={errorText(range.error)} onRetry={() => range.refetch()} retrying={range.isFetching} />
        ) : (
          <>
            <div className="hidden md:block">
              {view === "month" ? (
                <MonthGrid date={date} today={today} items={items} ctx={ctx} onCreate={create} onOpenDay={openDay} />
              ) : (
                <TimeGrid view={view} date={date} today={today} items={items} ctx={ctx} onCreate={create} onOpenDay={openDay} />
              )}
              {/* Below the grid, so its arrival never shifts what someone is about to click. */}
              {empty && (
                <p className="border-t border-zinc-100 bg-zinc-50/60 px-4 py-2 text-sm text-zinc-600">
                  Nothing scheduled this {periodNoun(view)}. {view === "month" ? "Click a day" : "Click or drag on the grid"} to add an event.
                </p>
              )}
            </div>
            <div className="md:hidden">
              {range.data ? <AgendaList view={view} date={date} today={today} items={items} ctx={ctx} onCreate={create} /> : <AgendaSkeleton />}
            </div>
          </>
        )}
      </Card>
      <ItemDialog state={editor} tz={tz} ownerName={ownerName} onClose={() => setEditor(null)} onShare={(item) => (setEditor(null), setSharing(item))} />
      <ShareDialog item={sharing} onClose={() => setSharing(null)} />
      <FeedDialog open={feed} onOpenChange={setFeed} />
    </div>
  );
}

function AgendaSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-3 p-4">
      <span className="sr-only">Loading events</span>
      {[0, 1, 2].map((i) => <Skeleton key={i} className="h-14 w-full" />)}
    </div>
  );
}
