"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { QueryList } from "@/components/ui/query-list";
import type { CommsEventDto } from "../schemas";
import type { useCommsLive } from "./use-comms-live";

const tone: Record<string, string> = {
  "message.failed": "text-red-700",
  "agent.error": "text-red-700",
  "message.delivered": "text-emerald-700",
  "agent.reply": "text-indigo-700",
};

function EventRow({ event }: { event: CommsEventDto }) {
  const error = typeof event.data.error === "string" ? event.data.error : null;
  return (
    <li className="px-5 py-3" data-testid="comms-event">
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
        <span className={`font-mono font-medium ${tone[event.type] ?? "text-zinc-700"}`}>{event.type}</span>
        <span className="min-w-0 truncate text-zinc-600">
          {event.from} → {event.to}
        </span>
        <LocalTime value={event.created_at} withTime className="ml-auto text-zinc-500" />
      </p>
      {event.content && <p className="mt-1 line-clamp-3 text-sm break-words whitespace-pre-wrap text-zinc-900">{event.content}</p>}
      {error && <p className="mt-1 text-xs break-words text-red-700">{error}</p>}
    </li>
  );
}

/** Recent comms events, newest first; new ones stream in. */
export function EventsCard({ live }: { live: ReturnType<typeof useCommsLive> }) {
  return (
    <Card className="min-w-0">
      <CardHeader title="Events" description="Sends, deliveries, replies and dispatched tasks, newest first." />
      <QueryList
        query={live.listed}
        what="the events"
        isEmpty={() => live.events.length === 0}
        empty={<EmptyState title="No messages yet" description="Send one with the form, or let your agents talk through the gateway." />}
      >
        {() => (
          <ul className="max-h-[32rem] divide-y divide-zinc-100 overflow-y-auto" aria-label="Comms events" aria-live="polite">
            {live.events.map((e) => (
              <EventRow key={e.id} event={e} />
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}
