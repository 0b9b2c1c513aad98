"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { toast } from "sonner";
import { CountBadge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { BellIcon, CheckIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { notificationHref } from "./links";
import { RelativeTime } from "./relative-time";

/** The bell in the top bar: unread count, and the latest notifications in a menu. */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions());
  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 12 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const markAll = useMutation(
    trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh, onError: (error) => toast.error(errorText(error)) }),
  );
  const count = unread.data?.count ?? 0;

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={count ? `Notifications, ${count} unread` : "Notifications"}
        className="relative rounded-full p-2 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 data-[state=open]:bg-zinc-100"
      >
        <BellIcon className="size-5" />
        <CountBadge count={count} tone="red" className="absolute -top-0.5 -right-0.5 ring-2 ring-white" />
      </DropdownMenuTrigger>
      <DropdownMenuContent collisionPadding={8} className="w-[min(22rem,calc(100vw-1rem))]">
        <div className="flex items-center justify-between gap-2">
          <DropdownMenuLabel className="font-semibold text-zinc-900">Notifications</DropdownMenuLabel>
          <DropdownMenuItem
            disabled={count === 0 || markAll.isPending}
            onSelect={(e) => {
              e.preventDefault();
              markAll.mutate();
            }}
            className="py-1 text-xs font-medium text-brand-700"
          >
            <CheckIcon className="size-3.5" /> Mark all read
          </DropdownMenuItem>
        </div>
        <DropdownMenuSeparator />
        <div className="max-h-[min(26rem,70dvh)] overflow-y-auto">
          {list.isError ? (
            <div className="flex flex-col items-center gap-1 px-2.5 py-5">
              <p role="alert" className="text-sm text-zinc-600">Could not load notifications.</p>
              <DropdownMenuItem
                onSelect={(e) => {
                  e.preventDefault();
                  void list.refetch();
                }}
                className="font-medium text-brand-700"
              >
                Try again
              </DropdownMenuItem>
            </div>
          ) : !list.data ? (
            <div className="flex flex-col gap-3 p-2.5" aria-busy="true">
              <span className="sr-only">Loading notifications</span>
              {[0, 1, 2].map((i) => <Skeleton key={i} className="h-10 w-full" />)}
            </div>
          ) : list.data.length === 0 ? (
            <p className="px-2.5 py-8 text-center text-sm text-zinc-500">You&apos;re all caught up.</p>
          ) : (
            list.data.map((n) => (
              <DropdownMenuItem key={n.id} asChild onSelect={() => !n.is_read && markRead.mutate({ id: n.id })}>
                <Link href={notificationHref(n.type)} className="items-start">
                  <span
                    aria-hidden="true"
                    className={clsx("mt-1.5 size-2 shrink-0 rounded-full", n.is_read ? "bg-transparent" : "bg-brand-600")}
                  />
                  <span className="min-w-0 flex-1">
                    <span className={clsx("block text-sm", n.is_read ? "text-zinc-600" : "font-medium text-zinc-900")}>
                      {n.title}
                      {!n.is_read && <span className="sr-only"> (unread)</span>}
                    </span>
                    {n.content && <span className="block truncate text-xs text-zinc-500">{n.content}</span>}
                    <RelativeTime value={n.created_at} className="block text-xs text-zinc-400" />
                  </span>
                </Link>
              </DropdownMenuItem>
            ))
          )}
        </div>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
