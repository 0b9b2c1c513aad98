"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ActivityIcon, ArrowRightIcon, CalendarIcon, InboxIcon, PlusIcon, TerminalIcon, UsersIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { RECENT_AGENTS } from "./queries";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const linkClass = "font-medium text-brand-700 underline-offset-2 hover:underline";

/** What is in Atrium, with a live count and the next step for each area (API keys: the API card below). */
export function Overview() {
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title" className="sr-only">
        Your Atrium
      </h2>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <AgentsTile />
        <CalendarTile />
        <FriendsTile />
        <InboxTile />
        <ModelsTile />
      </ul>
    </section>
  );
}

/** One area: icon, linked title, a line of status (with loading and error states), and actions. */
function Tile({ href, title, icon: Icon, className, status, children }: {
  href: string;
  title: string;
  icon: (props: { className?: string }) => React.ReactNode;
  className?: string;
  status: React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <Card as="li" className={clsx("flex flex-col gap-3 p-4 sm:p-5", className)}>
      <div className="flex items-center gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600">
          <Icon className="size-[18px]" />
        </span>
        <h3 className="min-w-0 text-base font-semibold text-zinc-900">
          <Link href={href} className="group inline-flex items-center gap-1.5 hover:text-brand-700">
            {title}
            <ArrowRightIcon className="size-3.5 text-zinc-400 transition-transform group-hover:translate-x-0.5" />
          </Link>
        </h3>
      </div>
      <div className="text-sm text-zinc-600">{status}</div>
      {children && <div className="mt-auto flex flex-wrap gap-2 pt-1">{children}</div>}
    </Card>
  );
}

/** The status line of a tile while its query loads, fails or answers. */
function QueryStatus<T>({ query, what, children }: {
  query: { data: T | undefined; isError: boolean; isFetching: boolean; refetch: () => unknown };
  what: string;
  children: (data: T) => React.ReactNode;
}) {
  if (query.isError) {
    return (
      <p role="alert" className="flex flex-wrap items-center gap-x-2 text-red-700">
        Could not load {what}.
        <button type="button" className={linkClass} onClick={() => query.refetch()} disabled={query.isFetching}>
          Try again
        </button>
      </p>
    );
  }
  if (query.data === undefined) {
    return (
      <span aria-busy="true">
        <span className="sr-only">Loading {what}</span>
        <Skeleton className="h-4 w-40" />
      </span>
    );
  }
  return <>{children(query.data)}</>;
}

function AgentsTile() {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.list.queryOptions(RECENT_AGENTS));
  return (
    <Tile
      href="/agents"
      title="Agents"
      icon={ActivityIcon}
      className="sm:col-span-2 lg:col-span-1 lg:row-span-2"
      status={
        <QueryStatus query={agents} what="your agents">
          {(data) =>
            data.total === 0 ? (
              <p>No agents yet. Give one a prompt, a model and tools, then chat with it in the playground.</p>
            ) : (
              <>
                <p>
                  {plural(data.total, "agent")}. Most recently changed:
                </p>
                <ul aria-label="Recent agents" className="mt-2 divide-y divide-zinc-100 rounded-lg border border-zinc-200">
                  {data.items.map((agent) => (
                    <li key={agent.id} className="flex items-center justify-between gap-3 px-3 py-2">
                      <span className="min-w-0">
                        <Link href={`/agents/${agent.id}`} className="block truncate font-medium text-zinc-900 hover:underline">
                          {agent.name}
                        </Link>
                        <span className="text-xs text-zinc-500 capitalize">{agent.status}</span>
                      </span>
                      <Button asChild size="sm" variant="secondary">
                        <Link href={`/agents/${agent.id}/chat`} aria-label={`Chat with ${agent.name}`}>
                          Chat
                        </Link>
                      </Button>
                    </li>
                  ))}
                </ul>
              </>
            )
          }
        </QueryStatus>
      }
    >
      <Button asChild size="sm">
        <Link href="/agents/new">
          <PlusIcon /> New agent
        </Link>
      </Button>
      <Button asChild size="sm" variant="secondary">
        <Link href="/agents">All agents</Link>
      </Button>
    </Tile>
  );
}

const subscribe = () => () => {};
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The next seven days in the reader's zone, so it is asked for in the browser only. */
function CalendarTile() {
  const trpc = useTRPC();
  const onClient = useSyncExternalStore(subscribe, () => true, () => false);
  const tz = onClient ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date());
  const week = useQuery({
    ...trpc.calendar.range.queryOptions({ start_at: today, end_at: addDays(today, 6), timezone: tz }),
    enabled: onClient,
    // Today's events that are over already are not "coming up".
    select: (items) => items.filter((item) => item.all_day || Date.parse(item.end_at ?? item.start_at) >= Date.now()),
  });
  return (
    <Tile
      href="/calendar"
      title="Calendar"
      icon={CalendarIcon}
      status={
        <QueryStatus query={week} what="your week">
          {(upcoming) =>
            upcoming.length === 0 ? (
              <p>Nothing scheduled in the next 7 days.</p>
            ) : (
              <p>
                {plural(upcoming.length, "event")} in the next 7 days. Next: <span className="font-medium text-zinc-900">{upcoming[0].title}</span>
              </p>
            )
          }
        </QueryStatus>
      }
    >
      <Button asChild size="sm" variant="secondary">
        <Link href="/calendar?view=week">This week</Link>
      </Button>
    </Tile>
  );
}

function FriendsTile() {
  const trpc = useTRPC();
  const friends = useQuery(trpc.social.friends.queryOptions());
  const incoming = useQuery(trpc.social.incoming.queryOptions());
  const waiting = incoming.data?.length ?? 0;
  return (
    <Tile
      href="/friends"
      title="Friends"
      icon={UsersIcon}
      status={
        <QueryStatus query={friends} what="your friends">
          {(data) => (
            <p>
              {data.length === 0 ? "No friends yet. Find people by username or e-mail." : `${plural(data.length, "friend")}.`}
              {waiting > 0 && (
                <>
                  {" "}
                  <Link href="/friends?tab=incoming" className={linkClass}>
                    {plural(waiting, "request")} waiting
                  </Link>
                </>
              )}
            </p>
          )}
        </QueryStatus>
      }
    >
      <Button asChild size="sm" variant="secondary">
        <Link href="/friends">Find people</Link>
      </Button>
    </Tile>
  );
}

function InboxTile() {
  const trpc = useTRPC();
  const pending = useQuery(trpc.inbox.list.queryOptions({ status: "pending" }));
  return (
    <Tile
      href="/inbox"
      title="Inbox"
      icon={InboxIcon}
      status={
        <QueryStatus query={pending} what="your inbox">
          {(data) => (data.length === 0 ? <p>No invitations waiting.</p> : <p className="font-medium text-zinc-900">{plural(data.length, "invitation")} waiting for an answer.</p>)}
        </QueryStatus>
      }
    />
  );
}

function ModelsTile() {
  const trpc = useTRPC();
  const models = useQuery(trpc.models.list.queryOptions());
  return (
    <Tile
      href="/settings/models"
      title="Models"
      icon={TerminalIcon}
      status={
        <QueryStatus query={models} what="your models">
          {(data) =>
            data.length === 0 ? <p>Agents use the built-in offline model. Connect a provider to use a real one.</p> : <p>{plural(data.length, "model")} connected.</p>
          }
        </QueryStatus>
      }
    />
  );
}
