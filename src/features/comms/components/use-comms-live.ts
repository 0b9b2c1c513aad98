"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { useEventSource } from "@/lib/use-event-source";
import type { CommsEventDto } from "../schemas";

/** The topology is re-read at most this often while events stream in. */
const TOPOLOGY_REFRESH_MS = 1_500;
/** Events the page keeps in view. */
const KEEP = 100;

/**
 * The page's event list, live: the newest events from tRPC, then one EventSource on
 * /api/comms/events/stream starting after the newest listed one (its stream id as lastEventId), so
 * nothing between the listing and the stream is lost or shown twice. New events also refresh the
 * topology and the delivery log.
 */
export function useCommsLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listed = useQuery(trpc.comms.events.queryOptions({ limit: 50 }));
  const [streamed, setStreamed] = useState<CommsEventDto[]>([]);
  // Where the stream starts: after the newest event of the first listing (fixed once known).
  const [start, setStart] = useState<string | null>(null);
  if (listed.data && start === null) setStart(listed.data.events.find((e) => e.stream_id)?.stream_id ?? "");
  const after = useRef<string | null>(null);

  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(refresh.current), []);
  const refreshLater = () => {
    if (refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = undefined;
      void queryClient.invalidateQueries({ queryKey: trpc.comms.topology.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.agentGateway.deliveries.queryKey() });
    }, TOPOLOGY_REFRESH_MS);
  };
  const open = useEventSource(
    () => {
      if (start === null) return null;
      after.current ??= start;
      return `/api/comms/events/stream${after.current ? `?lastEventId=${encodeURIComponent(after.current)}` : ""}`;
    },
    (message) => {
      try {
        const event = JSON.parse(message.data) as CommsEventDto;
        if (message.lastEventId) after.current = message.lastEventId;
        setStreamed((current) => (current.some((e) => e.id === event.id) ? current : [event, ...current].slice(0, KEEP)));
        refreshLater();
      } catch {
        // not ours to read
      }
    },
    start,
  );

  const events = useMemo(() => {
    const seen = new Set(streamed.map((e) => e.id));
    return [...streamed, ...(listed.data?.events ?? []).filter((e) => !seen.has(e.id))].slice(0, KEEP);
  }, [streamed, listed.data]);

  return { listed, events, live: open };
}
