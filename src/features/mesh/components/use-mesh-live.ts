"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { useEventSource } from "@/lib/use-event-source";

/**
 * Keeps the mesh page live: one EventSource on seed 001's `/events` (the person's own mesh events,
 * by their session cookie); every task, agent or broadcast event marks the page's lists stale.
 * Returns whether the stream is open, shown as "Live" on the page.
 */
export function useMeshLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = (type: string) => {
    if (type.startsWith("task") || type === "welcome") {
      void queryClient.invalidateQueries({ queryKey: trpc.mesh.tasks.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.mesh.spaces.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.mesh.space.pathKey() });
    }
    if (type.startsWith("agent") || type === "task.failed" || type === "task.completed") void queryClient.invalidateQueries({ queryKey: trpc.mesh.agents.queryKey() });
  };
  return useEventSource(
    () => "/events",
    (message) => {
      try {
        refresh((JSON.parse(message.data) as { type?: string }).type ?? "");
      } catch {
        // not ours to read
      }
    },
  );
}
