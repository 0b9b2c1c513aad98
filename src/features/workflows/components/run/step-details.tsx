"use client";

import Link from "next/link";
import { formatDuration, StatusBadge } from "../status";
import type { WorkflowRunDto } from "../../runs/schemas";
import type { LiveRun, LiveStep } from "./use-run-events";

/** What one node did in a run: status, time, attempts, error, input, output and logs. */
export function StepDetails({ step, onRerun }: { step: LiveStep | undefined; onRerun?: () => void }) {
  if (!step) return <p className="text-sm text-zinc-600">This node has not run in this run.</p>;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="step-details">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={step.status} />
        <span className="text-zinc-600">
          {formatDuration(step.duration_ms)} · {step.attempts} {step.attempts === 1 ? "attempt" : "attempts"}
        </span>
        {step.handle && <span className="text-zinc-600">→ {step.handle}</span>}
      </div>
      {step.status === "waiting" && step.node_type === "approval" && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
          Waiting for a decision.{" "}
          <Link className="font-medium underline" href="/approvals">
            Open approvals
          </Link>
        </p>
      )}
      {step.error && <p className="rounded-lg bg-red-50 px-3 py-2 whitespace-pre-wrap text-red-800">{step.error}</p>}
      {step.input !== undefined && <JsonBlock label="Input" value={step.input} />}
      {step.output !== undefined && step.output !== null && <JsonBlock label="Output" value={step.output} />}
      {step.logs.length > 0 && (
        <div>
          <p className="mb-1 font-medium text-zinc-800">Logs</p>
          <ol className="max-h-48 overflow-y-auto rounded-lg bg-zinc-950 p-2 font-mono text-xs text-zinc-100">
            {step.logs.map((l, i) => (
              <li key={i} className={l.level === "error" ? "text-red-300" : l.level === "warn" ? "text-amber-300" : undefined}>
                [{l.level}] {l.message}
              </li>
            ))}
          </ol>
        </div>
      )}
      {onRerun && (
        <button type="button" onClick={onRerun} className="self-start text-sm font-medium text-brand-700 underline">
          Re-run from this node
        </button>
      )}
    </div>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <details open={label === "Output"}>
      <summary className="cursor-pointer font-medium text-zinc-800">{label}</summary>
      <pre className="mt-1 max-h-60 overflow-auto rounded-lg bg-zinc-50 p-2 text-xs whitespace-pre-wrap text-zinc-800">{text.length > 20_000 ? `${text.slice(0, 20_000)}…` : text}</pre>
    </details>
  );
}

/** A run DTO (from runs.get) as the live state the events update. */
export function toLiveRun(run: Pick<WorkflowRunDto, "id" | "status" | "error" | "output" | "steps">): LiveRun {
  const steps: Record<string, LiveStep> = {};
  for (const s of run.steps ?? []) steps[s.node_id] = { ...s, step_id: s.id, logs: Array.isArray(s.logs) ? s.logs : [] };
  return { id: run.id, status: run.status, error: run.error, output: run.output, steps };
}
