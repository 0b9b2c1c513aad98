"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { WorkflowDefinition } from "../../definition";
import { diffDefinitions } from "./diff";

/** Every saved version, newest first; pick one to see how the canvas differs from it, or roll back to it. */
export function VersionsPanel({ workflowId, currentVersion, current, readOnly, onRolledBack }: {
  workflowId: string;
  currentVersion: number;
  current: WorkflowDefinition;
  readOnly: boolean;
  onRolledBack: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.workflows.versions.queryOptions({ id: workflowId }));
  const [selected, setSelected] = useState<number | null>(null);
  const detail = useQuery({ ...trpc.workflows.version.queryOptions({ id: workflowId, version: selected ?? 1 }), enabled: selected !== null });
  const rollback = useMutation(
    trpc.workflows.rollback.mutationOptions({
      onSuccess: async (saved) => {
        toast.success(`Rolled back to v${selected}: saved as v${saved.version}`);
        setSelected(null);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        onRolledBack();
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const list = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);
  const diff = detail.data ? diffDefinitions(detail.data.definition, current) : null;

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600">Every save is kept. Compare an older version with the canvas, or roll back to it (a new version equal to the old).</p>
      {versions.isError && <p className="text-sm text-red-700">Could not load the versions: {errorText(versions.error)}</p>}
      {!versions.data && !versions.isError && <Skeleton className="h-24 w-full" />}
      <ul className="flex flex-col gap-1" aria-label="Versions">
        {list.map((v) => {
          const isCurrent = v.version === currentVersion;
          return (
            <li key={v.version}>
              <button
                type="button"
                aria-pressed={selected === v.version}
                disabled={isCurrent}
                onClick={() => setSelected(selected === v.version ? null : v.version)}
                className={clsx("flex w-full flex-col rounded-lg px-3 py-2 text-left text-sm", selected === v.version ? "bg-brand-50 text-brand-700" : "hover:bg-zinc-50", isCurrent && "cursor-default")}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="font-medium tabular-nums">
                    v{v.version}
                    {isCurrent && <span className="ml-2 text-xs font-normal text-zinc-500">current</span>}
                  </span>
                  <LocalTime value={v.created_at} withTime className="text-xs text-zinc-500" />
                </span>
                {v.message && <span className="truncate text-xs text-zinc-600">{v.message}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {selected !== null && (
        <section aria-label={`Version ${selected} compared with the canvas`} className="rounded-xl border border-zinc-200 p-3 text-sm">
          {!diff && <Skeleton className="h-16 w-full" />}
          {diff && (
            <>
              <p className="mb-2 font-medium text-zinc-900">The canvas compared with v{selected}</p>
              <DiffLine label="Nodes added" ids={diff.added} tone="text-emerald-700" />
              <DiffLine label="Nodes removed" ids={diff.removed} tone="text-red-700" />
              <DiffLine label="Nodes changed" ids={diff.changed} tone="text-amber-700" />
              <p className="text-zinc-600">
                Connections: +{diff.edgesAdded} / −{diff.edgesRemoved}
              </p>
              {!readOnly && (
                <Button className="mt-3" size="sm" variant="secondary" loading={rollback.isPending} onClick={() => rollback.mutate({ id: workflowId, version: selected })}>
                  Roll back to v{selected}
                </Button>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}

function DiffLine({ label, ids, tone }: { label: string; ids: string[]; tone: string }) {
  return (
    <p className={ids.length ? tone : "text-zinc-500"}>
      {label}: {ids.length ? <span className="font-mono">{ids.join(", ")}</span> : "none"}
    </p>
  );
}
