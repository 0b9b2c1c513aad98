"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";

const statusTone: Record<string, string> = {
  delivered: "bg-emerald-50 text-emerald-800",
  failed: "bg-red-50 text-red-800",
  retrying: "bg-amber-50 text-amber-800",
  pending: "bg-zinc-100 text-zinc-700",
};

/** The agent gateway's webhook deliveries with every attempt (who, when, status, error). */
export function DeliveriesCard() {
  const trpc = useTRPC();
  const deliveries = useQuery(trpc.agentGateway.deliveries.queryOptions({ limit: 30 }));
  return (
    <Card className="min-w-0">
      <CardHeader title="Gateway deliveries" description="Pushes to gateway agents' webhooks; failures are retried with backoff." />
      <QueryList
        query={deliveries}
        what="the deliveries"
        isEmpty={(d) => d.deliveries.length === 0}
        empty={<EmptyState title="No deliveries yet" description="Messages to gateway agents appear here with each attempt." />}
      >
        {(data) => (
          <ul className="max-h-[32rem] divide-y divide-zinc-100 overflow-y-auto" aria-label="Gateway deliveries">
            {data.deliveries.map((d) => (
              <li key={d.message_id} className="px-5 py-3" data-testid="comms-delivery">
                <details>
                  <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 text-sm">
                    <span className="min-w-0 truncate font-medium text-zinc-900">
                      {d.from_agent_id} → {d.to_agent_id}
                    </span>
                    <span className={`rounded px-1.5 py-0.5 text-xs ${statusTone[d.status]}`}>{d.status}</span>
                    <LocalTime value={d.created_at} withTime className="ml-auto text-xs text-zinc-500" />
                  </summary>
                  <ol className="mt-2 space-y-1 rounded-lg bg-zinc-50 px-3 py-2 text-xs text-zinc-700" aria-label="Attempts">
                    {d.attempts.map((a) => (
                      <li key={a.attempt} className="break-words">
                        #{a.attempt} <LocalTime value={a.at} withTime /> · {a.ok ? "delivered" : "failed"}
                        {a.status_code !== null ? ` · HTTP ${a.status_code}` : ""} · {a.duration_ms} ms{a.error ? ` · ${a.error}` : ""}
                      </li>
                    ))}
                  </ol>
                </details>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}
