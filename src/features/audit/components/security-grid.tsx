"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { Card, CardHeader } from "@/components/ui/card";
import { QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";
import { SECURITY_SYSTEMS } from "../schemas";
import { systemName } from "./labels";

const STATE = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  inactive: { label: "Inactive", className: "bg-amber-50 text-amber-900 ring-amber-200" },
  not_applicable: { label: "N/A", className: "bg-zinc-100 text-zinc-700 ring-zinc-200" },
} as const;

/** Seed 000's sixteen security systems as a compact grid; each opens to say why it has its state. */
export function SecurityGrid({ enabled }: { enabled: boolean }) {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.audit.security.queryOptions(), enabled });
  const summary = overview.data
    ? `${Object.values(overview.data.security_systems).filter((s) => s === "active").length} of ${overview.data.total_systems} active${overview.data.all_active ? ": every system that applies is on" : ""}`
    : undefined;
  return (
    <Card className="mb-6 overflow-hidden" aria-labelledby="security-overview">
      <CardHeader title={<span id="security-overview">Security overview</span>} description={summary ?? "What protects this instance, from what Atrium does."} />
      <div className="px-5 pt-3 pb-5 sm:px-6">
        <QueryList query={overview} what="the security overview" isEmpty={() => false} empty={null}>
          {(data) => (
            <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4">
              {SECURITY_SYSTEMS.map((key) => {
                const state = STATE[data.security_systems[key]];
                return (
                  <li key={key}>
                    <details className="group rounded-lg border border-zinc-200 bg-white open:shadow-sm">
                      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-lg px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-600 [&::-webkit-details-marker]:hidden">
                        <span className="min-w-0 truncate font-medium text-zinc-800">{systemName(key)}</span>
                        <span className={clsx("shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", state.className)}>{state.label}</span>
                      </summary>
                      <p className="border-t border-zinc-100 px-3 py-2 text-xs text-zinc-600">{data.details[key]}</p>
                    </details>
                  </li>
                );
              })}
            </ul>
          )}
        </QueryList>
      </div>
    </Card>
  );
}
