"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";

/** After the stream failed (signed out, server restarted), try again this much later. */
const RETRY_MS = 10_000;

/**
 * Keeps the mesh page live: one EventSource on seed 001's `/events` (the person's own mesh events,
 * by their session cookie); every task, agent or broadcast event marks the page's lists stale.
 * Returns whether the stream is open, shown as "Live" on the page.
 */
export function useMeshLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const refresh = (type: string) => {
      if (type.startsWith("task") || type === "welcome") {
        void queryClient.invalidateQueries({ queryKey: trpc.mesh.tasks.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.mesh.spaces.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.mesh.space.pathKey() });
      }
      if (type.startsWith("agent") || type === "task.failed" || type === "task.completed") void queryClient.invalidateQueries({ queryKey: trpc.mesh.agents.queryKey() });
    };
    const connect = () => {
      if (stopped) return;
      source = new EventSource("/events");
      source.onopen = () => setOpen(true);
      source.onmessage = (message) => {
        try {
          refresh((JSON.parse(message.data) as { type?: string }).type ?? "");
        } catch {
          // not ours to read
        }
      };
      source.onerror = () => {
        setOpen(false);
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          retry = setTimeout(connect, RETRY_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [trpc, queryClient]);

  return open;
}
