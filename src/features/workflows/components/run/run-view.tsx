"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { FINISHED_RUN, formatDuration, StatusBadge } from "../status";
import { useMediaQuery } from "../use-media-query";
import { RunCanvas } from "./run-canvas";
import { StepDetails, toLiveRun } from "./step-details";
import { Timeline } from "./timeline";
import { useRunEvents } from "./use-run-events";

/** One run: its canvas with statuses, a timeline, the chosen step's details, and cancel/pause/resume/re-run. */
export function RunView({ workflowId, runId }: { workflowId: string; runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const runQuery = useQuery(trpc.workflows.runs.get.queryOptions({ id: runId }));
  const live = useRunEvents(runQuery.data ? toLiveRun(runQuery.data) : null);
  const version = runQuery.data?.version;
  const definition = useQuery({ ...trpc.workflows.version.queryOptions({ id: workflowId, version: version ?? 1 }), enabled: version !== undefined });
  const [selected, setSelected] = useState<string | null>(null);
  const wide = useMediaQuery("(min-width: 768px)");
  const finished = live ? FINISHED_RUN.has(live.status) : true;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [finished]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.runs.pathKey() });
  const control = { onSuccess: () => void refresh(), onError: (e: unknown) => toast.error(errorText(e)) };
  const cancel = useMutation(trpc.workflows.runs.cancel.mutationOptions(control));
  const pause = useMutation(trpc.workflows.runs.pause.mutationOptions(control));
  const resume = useMutation(trpc.workflows.runs.resume.mutationOptions(control));
  const rerun = useMutation(
    trpc.workflows.runs.rerunFrom.mutationOptions({
      onSuccess: (run) => {
        toast.success("Re-run started");
        router.push(`/workflows/${workflowId}/runs/${run.id}`);
      },
      onError: (e) => toast.error(errorText(e)),
    }),
  );

  if (runQuery.isError) return <ErrorState title="Could not load the run" message={errorText(runQuery.error)} onRetry={() => runQuery.refetch()} retrying={runQuery.isFetching} />;
  if (!live || !runQuery.data) return <Skeleton className="h-96 w-full" />;
  const run = runQuery.data;
  const steps = Object.values(live.steps);
  const step = selected ? live.steps[selected] : undefined;
  const waitingApproval = steps.some((s) => s.status === "waiting" && s.node_type === "approval");

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button asChild variant="ghost" size="icon" aria-label="Run history">
          <Link href={`/workflows/${workflowId}/runs`}>
            <ChevronLeftIcon className="size-5" />
          </Link>
        </Button>
        <div className="mr-auto min-w-0">
          <h1 className="text-xl font-semibold text-zinc-900">Run</h1>
          <p className="text-xs text-zinc-500">
            <span className="font-mono">{run.id.slice(0, 8)}</span> · v{run.version} · {run.trigger} · <LocalTime value={run.created_at} withTime />
          </p>
        </div>
        <span aria-live="polite" role="status" data-testid="run-status">
          <StatusBadge status={live.status} />
        </span>
        <span className="text-sm text-zinc-600 tabular-nums">{formatDuration(run.duration_ms)}</span>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button asChild variant="secondary" size="sm">
          <Link href={`/workflows/${workflowId}`}>Open in editor</Link>
        </Button>
        {!finished && live.status !== "paused" && (
          <Button variant="secondary" size="sm" loading={pause.isPending} onClick={() => pause.mutate({ id: runId })}>
            Pause
          </Button>
        )}
        {live.status === "paused" && (
          <Button variant="secondary" size="sm" loading={resume.isPending} onClick={() => resume.mutate({ id: runId })}>
            Resume
          </Button>
        )}
        {!finished && (
          <Button variant="danger-ghost" size="sm" loading={cancel.isPending} onClick={() => cancel.mutate({ id: runId })}>
            Cancel run
          </Button>
        )}
      </div>
      {waitingApproval && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Waiting for an approval.{" "}
          <Link className="font-medium underline" href="/approvals">
            Open approvals
          </Link>
        </p>
      )}
      {live.error && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{live.error}</p>}

      <Card className="h-[320px] overflow-hidden md:h-[420px]">
        {definition.data ? <RunCanvas definition={definition.data.definition} run={live} selected={selected} onSelect={setSelected} /> : <Skeleton className="h-full w-full" />}
      </Card>

      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader title="Timeline" description="When each step ran, by start time." />
          <CardBody>
            <Timeline steps={steps} selected={selected} onSelect={setSelected} now={now} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={selected ? `Step ${selected}` : "Steps"} description={selected ? undefined : wide ? "Choose a node or a timeline row." : "Choose a step."} />
          <CardBody>
            {selected ? (
              <>
                <StepDetails step={step} onRerun={finished ? () => rerun.mutate({ id: runId, node_id: selected }) : undefined} />
                <button type="button" className="mt-3 text-sm text-zinc-600 underline" onClick={() => setSelected(null)}>
                  All steps
                </button>
              </>
            ) : (
              <ul className="flex flex-col divide-y divide-zinc-100" aria-label="Steps">
                {steps.map((s) => (
                  <li key={s.node_id}>
                    <button type="button" className="flex w-full items-center justify-between gap-2 py-2 text-left text-sm" onClick={() => setSelected(s.node_id)}>
                      <span className="font-mono">{s.node_id}</span>
                      <span className="flex items-center gap-2">
                        <span className="text-xs text-zinc-500 tabular-nums">{formatDuration(s.duration_ms)}</span>
                        <StatusBadge status={s.status} />
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
      {live.output !== undefined && live.output !== null && (
        <Card>
          <CardHeader title="Output" />
          <CardBody>
            <pre className="max-h-80 overflow-auto rounded-lg bg-zinc-50 p-3 text-xs whitespace-pre-wrap" data-testid="run-output">
              {JSON.stringify(live.output, null, 2)}
            </pre>
          </CardBody>
        </Card>
      )}
    </div>
  );
}
