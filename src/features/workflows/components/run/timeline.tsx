"use client";

import clsx from "clsx";
import { formatDuration, statusStyle } from "../status";
import type { LiveStep } from "./use-run-events";

/**
 * A Gantt-like strip per step: where it started and how long it took within the run. Steps still
 * running end at `now`. Each row is a button that selects the step.
 */
export function Timeline({ steps, selected, onSelect, now }: { steps: LiveStep[]; selected: string | null; onSelect: (nodeId: string) => void; now: number }) {
  const timed = steps.filter((s) => s.started_at).sort((a, b) => Date.parse(a.started_at!) - Date.parse(b.started_at!));
  if (timed.length === 0) return <p className="text-sm text-zinc-500">No step has started yet.</p>;
  const start = Date.parse(timed[0].started_at!);
  const end = Math.max(...timed.map((s) => (s.finished_at ? Date.parse(s.finished_at) : now)), start + 1);
  const span = end - start;
  return (
    <ol className="flex flex-col gap-1" aria-label="Timeline">
      {timed.map((s) => {
        const from = Date.parse(s.started_at!) - start;
        const to = (s.finished_at ? Date.parse(s.finished_at) : now) - start;
        const left = (from / span) * 100;
        const width = Math.max(((to - from) / span) * 100, 0.8);
        const duration = s.duration_ms ?? to - from;
        return (
          <li key={s.node_id}>
            <button
              type="button"
              onClick={() => onSelect(s.node_id)}
              aria-pressed={selected === s.node_id}
              aria-label={`${s.node_id}: ${statusStyle(s.status).label}, ${formatDuration(duration)}`}
              className={clsx("grid w-full grid-cols-[7rem_1fr_4.5rem] items-center gap-2 rounded-md px-1.5 py-1 text-left text-xs hover:bg-zinc-50", selected === s.node_id && "bg-brand-50")}
            >
              <span className="truncate font-mono text-zinc-800">{s.node_id}</span>
              <span className="relative h-3 rounded bg-zinc-100">
                <span className={clsx("absolute inset-y-0 rounded", statusStyle(s.status).bar)} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
              </span>
              <span className="text-right text-zinc-600 tabular-nums">{formatDuration(duration)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
