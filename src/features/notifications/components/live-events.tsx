"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { notificationHref, type LiveNotification } from "./links";

const STREAM_URL = "/api/v1/notifications/stream";
/** After the server refused the stream (signed out, restarted), try again this much later. */
const RETRY_MS = 15_000;

/**
 * One EventSource per open dashboard (mounted once in the shell). Each event marks the affected
 * queries stale so every badge and list refreshes; a new notification also shows a toast.
 * The browser reconnects on its own and resumes with Last-Event-ID; every (re)connection also
 * refreshes those queries, so nothing published before the stream opened is missed.
 * `<html data-live="open">` tells (end-to-end tests, mostly) that the stream is up.
 */
export function LiveEvents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const invalidate = (...keys: QueryKey[]) => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    const notifications = trpc.notifications.pathKey();
    const social = trpc.social.pathKey();
    const inbox = trpc.inbox.pathKey();
    const calendar = trpc.calendar.pathKey();
    const approvals = trpc.approvals.pathKey();

    function onNotification(event: MessageEvent<string>) {
      let n: LiveNotification;
      try {
        n = JSON.parse(event.data) as LiveNotification;
      } catch {
        return;
      }
      invalidate(notifications);
      if (n.type.startsWith("friend_")) invalidate(social);
      if (n.type.startsWith("calendar_")) invalidate(inbox, calendar);
      if (n.type.startsWith("approval_")) invalidate(approvals);
      const href = notificationHref(n.type);
      toast(n.title, {
        id: `notification-${n.id}`,
        description: n.content ?? undefined,
        action: { label: "View", onClick: () => router.push(href) },
      });
    }

    function connect() {
      source = new EventSource(STREAM_URL);
      document.documentElement.dataset.live = "connecting";
      // Once subscribed, refresh what the stream would have told us before it was open.
      source.addEventListener("open", () => {
        document.documentElement.dataset.live = "open";
        invalidate(notifications, social, inbox, calendar, approvals);
      });
      source.addEventListener("notification", onNotification);
      source.addEventListener("notification_read", () => invalidate(notifications));
      source.addEventListener("calendar_changed", () => invalidate(calendar, inbox));
      // An approval decided (here, in another tab, by a delegate) or created: lists and the nav badge refresh.
      source.addEventListener("approval_created", () => invalidate(approvals));
      source.addEventListener("approval_decided", () => invalidate(approvals));
      source.addEventListener("error", () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. a 401); we retry later.
        if (!stopped) document.documentElement.dataset.live = "connecting";
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        source.close();
        retry = setTimeout(connect, RETRY_MS);
      });
    }

    connect();
    return () => {
      stopped = true;
      delete document.documentElement.dataset.live;
      clearTimeout(retry);
      source?.close();
    };
  }, [queryClient, router, trpc]);

  return null;
}
