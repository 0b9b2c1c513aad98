"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { ActivityIcon, ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { QueryList } from "@/components/ui/query-list";
import { Select } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { AUDIT_EVENT_TYPES } from "../events";
import type { AuditEntryDto } from "../schemas";
import { entriesInput, NO_FILTERS, PAGE_SIZE, type Filters } from "./filters";
import { formatCount, humanize } from "./labels";

/** The audit table: filters (event type, actor, dates), newest first, 25 a page. */
export function EntriesTable({ enabled }: { enabled: boolean }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const entries = useQuery({ ...trpc.audit.entries.queryOptions(entriesInput(applied, page)), placeholderData: keepPreviousData, enabled });
  const filtered = Object.values(applied).some(Boolean);
  const apply = (next: Filters) => {
    setApplied(next);
    setPage(1);
  };
  const pages = entries.data ? Math.max(1, Math.ceil(entries.data.total / PAGE_SIZE)) : 1;

  return (
    <Card className="overflow-hidden" aria-labelledby="audit-entries">
      <div className="px-5 pt-5 sm:px-6">
        <h2 id="audit-entries" className="text-base font-semibold text-zinc-900">
          Entries
        </h2>
        <form
          className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <Field label="Event type">
            <Select value={draft.eventType} onChange={(e) => setDraft({ ...draft, eventType: e.target.value })}>
              <option value="">All events</option>
              {AUDIT_EVENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {humanize(t)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Actor">
            <Input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} placeholder="Username" maxLength={64} autoComplete="off" />
          </Field>
          <Field label="From">
            <Input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </Field>
          <Field label="To">
            <Input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            {filtered && (
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setDraft(NO_FILTERS);
                  apply(NO_FILTERS);
                }}
              >
                Clear
              </Button>
            )}
          </div>
        </form>
      </div>
      <div className="mt-4 border-t border-zinc-100">
        <QueryList
          query={entries}
          what="the audit entries"
          isEmpty={(d) => d.items.length === 0}
          empty={
            <EmptyState
              icon={<ActivityIcon />}
              title={filtered ? "No entries match" : "No audit entries yet"}
              description={filtered ? "Try other filters." : "Sign-ins, API keys, model keys and deployments will appear here as they happen."}
            />
          }
        >
          {(data) => (
            <>
              <EntryRows items={data.items} />
              <nav aria-label="Audit pages" className="flex items-center justify-between gap-3 border-t border-zinc-100 px-5 py-3 text-sm text-zinc-600 sm:px-6">
                <span>
                  {formatCount(data.total)} {data.total === 1 ? "entry" : "entries"} · page {page} of {pages}
                </span>
                <span className="flex gap-2">
                  <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)} aria-label="Newer entries">
                    <ChevronLeftIcon />
                    Newer
                  </Button>
                  <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage(page + 1)} aria-label="Older entries">
                    Older
                    <ChevronRightIcon />
                  </Button>
                </span>
              </nav>
            </>
          )}
        </QueryList>
      </div>
    </Card>
  );
}

const actorOf = (e: AuditEntryDto) => e.actor_username ?? (e.actor_id ? `${e.actor_id.slice(0, 8)}…` : "—");

/** A table on wide screens, a list of cards on phones. */
function EntryRows({ items }: { items: AuditEntryDto[] }) {
  return (
    <>
      <div className="hidden md:block">
        <table className="w-full table-fixed text-left text-sm">
          <thead className="bg-zinc-50 text-xs font-medium tracking-wide text-zinc-500 uppercase">
            <tr>
              <th scope="col" className="w-16 px-6 py-2">#</th>
              <th scope="col" className="w-44 px-3 py-2">When</th>
              <th scope="col" className="w-44 px-3 py-2">Event</th>
              <th scope="col" className="w-36 px-3 py-2">Actor</th>
              <th scope="col" className="px-3 py-2">Details</th>
              <th scope="col" className="w-32 px-6 py-2">IP</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {items.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="px-6 py-2.5 text-zinc-500 tabular-nums">{e.id}</td>
                <td className="px-3 py-2.5 text-zinc-700">
                  <LocalTime value={e.timestamp} withTime />
                </td>
                <td className="px-3 py-2.5 font-medium text-zinc-900">{humanize(e.event_type)}</td>
                <td className="truncate px-3 py-2.5 text-zinc-700">{actorOf(e)}</td>
                <td className="px-3 py-2.5 break-words text-zinc-700">{e.details}</td>
                <td className="truncate px-6 py-2.5 text-zinc-500">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="divide-y divide-zinc-100 md:hidden">
        {items.map((e) => (
          <li key={e.id} className="px-5 py-3">
            <div className="flex items-baseline justify-between gap-3">
              <span className="font-medium text-zinc-900">{humanize(e.event_type)}</span>
              <span className="text-xs text-zinc-500 tabular-nums">#{e.id}</span>
            </div>
            <p className="mt-0.5 text-sm break-words text-zinc-700">{e.details}</p>
            <p className="mt-1 text-xs text-zinc-500">
              <LocalTime value={e.timestamp} withTime /> · {actorOf(e)}
              {e.ip ? ` · ${e.ip}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
