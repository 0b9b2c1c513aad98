"use client";

import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "../status";

interface Row {
  id: string;
  name: string;
  description: string;
  version: number;
  node_count: number;
  updated_at: string;
  access: string;
  last_run_status?: string | null;
}

/** One row per workflow: choose it for a batch action, open it, see its version, last run and update time. */
export function WorkflowRows({ items, chosen, onToggle }: { items: Row[]; chosen: Set<string>; onToggle: (id: string) => void }) {
  return (
    <ul className="divide-y divide-zinc-100" aria-label="Workflows">
      {items.map((w) => (
        <li key={w.id} className="flex items-center gap-3 px-4 py-3 sm:px-5">
          <input type="checkbox" className="size-4 shrink-0 accent-brand-600" aria-label={`Choose ${w.name}`} checked={chosen.has(w.id)} onChange={() => onToggle(w.id)} />
          <div className="min-w-0 flex-1">
            <Link href={`/workflows/${w.id}`} className="block truncate font-medium text-zinc-900 hover:underline">
              {w.name}
            </Link>
            <p className="truncate text-xs text-zinc-500">
              v{w.version} · {w.node_count} {w.node_count === 1 ? "node" : "nodes"}
              {w.access !== "owner" && ` · shared (${w.access})`}
              {w.description && ` · ${w.description}`}
            </p>
          </div>
          {w.last_run_status !== undefined && <StatusBadge status={w.last_run_status} className="hidden sm:inline-flex" />}
          <span className="hidden text-xs text-zinc-500 md:inline">
            Updated <LocalTime value={w.updated_at} />
          </span>
        </li>
      ))}
    </ul>
  );
}
