"use client";

import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { AgentDto } from "../schemas";
import { AgentActions } from "./agent-actions";
import { StatusBadge } from "./status-badge";

const modelLabel = (a: AgentDto) => (a.model_config.provider === "builtin" ? "Built-in offline" : `${a.model_config.provider} · ${a.model_config.model_name}`);

/** Cards on phones, a table from md up. */
export function AgentList({ agents }: { agents: AgentDto[] }) {
  return (
    <>
      <ul className="divide-y divide-zinc-100 md:hidden">
        {agents.map((a) => (
          <li key={a.id} className="flex flex-col gap-3 px-4 py-4">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <Link href={`/agents/${a.id}`} className="font-medium text-zinc-900 hover:underline">
                  {a.name}
                </Link>
                {a.description && <p className="mt-0.5 line-clamp-2 text-sm text-zinc-600">{a.description}</p>}
              </div>
              <StatusBadge status={a.status} />
            </div>
            <div className="flex items-center justify-between gap-2 text-xs text-zinc-500">
              <span className="truncate">
                v{a.version} · {modelLabel(a)}
              </span>
              <AgentActions agent={a} compact />
            </div>
          </li>
        ))}
      </ul>
      <table className="hidden w-full text-left text-sm md:table">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium tracking-wide text-zinc-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-3">Name</th>
            <th scope="col" className="px-3 py-3">Status</th>
            <th scope="col" className="px-3 py-3">Model</th>
            <th scope="col" className="px-3 py-3">Version</th>
            <th scope="col" className="px-3 py-3">Updated</th>
            <th scope="col" className="px-5 py-3 text-right">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {agents.map((a) => (
            <tr key={a.id} className="hover:bg-zinc-50/60">
              <td className="max-w-xs px-5 py-3">
                <Link href={`/agents/${a.id}`} className="font-medium text-zinc-900 hover:underline">
                  {a.name}
                </Link>
                {a.description && <p className="truncate text-xs text-zinc-500">{a.description}</p>}
              </td>
              <td className="px-3 py-3">
                <StatusBadge status={a.status} />
              </td>
              <td className="max-w-[12rem] truncate px-3 py-3 text-zinc-600">{modelLabel(a)}</td>
              <td className="px-3 py-3 text-zinc-600 tabular-nums">v{a.version}</td>
              <td className="px-3 py-3 whitespace-nowrap text-zinc-600"><LocalTime value={a.updated_at} /></td>
              <td className="px-5 py-3">
                <div className="flex justify-end">
                  <AgentActions agent={a} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
