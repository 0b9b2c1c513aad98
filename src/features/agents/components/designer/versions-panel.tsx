"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { AgentDto, Snapshot } from "../../schemas";
import { DiffView } from "./diff-view";

/** Every saved version, newest first; pick one to diff it against the current configuration or roll back to it. */
export function VersionsPanel({ agent, onRolledBack }: { agent: AgentDto; onRolledBack: (version: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.agents.versions.queryOptions({ id: agent.id }));
  const [selected, setSelected] = useState<number | null>(null);
  const rollback = useMutation(
    trpc.agents.rollback.mutationOptions({
      onSuccess: async (saved) => {
        toast.success(`Rolled back to v${selected}: saved as v${saved.version}`);
        queryClient.setQueryData(trpc.agents.get.queryKey({ id: agent.id }), saved);
        setSelected(null);
        onRolledBack(saved.version);
        await queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const chosen = list.find((v) => v.version === selected);
  const latest = list.find((v) => v.version === agent.version);

  return (
    <Card>
      <CardHeader title="Versions" description="Every save is kept. Compare an older version with the current one, or roll back to it." />
      <CardBody className="flex flex-col gap-4">
        {versions.isError && <p className="text-sm text-red-700">Could not load the versions: {errorText(versions.error)}</p>}
        {!versions.data && !versions.isError && <Skeleton className="h-24 w-full" />}
        <ul className="flex max-h-60 flex-col gap-1 overflow-y-auto" aria-label="Versions">
          {list.map((v) => {
            const current = v.version === agent.version;
            return (
              <li key={v.version}>
                <button
                  type="button"
                  aria-pressed={selected === v.version}
                  onClick={() => setSelected(selected === v.version ? null : v.version)}
                  disabled={current}
                  className={clsx(
                    "flex w-full items-center justify-between gap-3 rounded-lg px-3 py-2 text-left text-sm",
                    selected === v.version ? "bg-brand-50 text-brand-800" : "hover:bg-zinc-50",
                    current && "cursor-default",
                  )}
                >
                  <span className="font-medium tabular-nums">
                    v{v.version}
                    {current && <span className="ml-2 text-xs font-normal text-zinc-500">current</span>}
                  </span>
                  <span className="truncate text-xs text-zinc-500">
                    {v.reason} · <LocalTime value={v.created_at} withTime />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {chosen && latest && (
          <div className="flex flex-col gap-3">
            <DiffView from={snapshotText(chosen.snapshot)} to={snapshotText(latest.snapshot)} fromLabel={`v${chosen.version}`} toLabel={`v${agent.version} (current)`} />
            <Button variant="secondary" className="self-start" loading={rollback.isPending} onClick={() => rollback.mutate({ id: agent.id, version: chosen.version })}>
              Roll back to this version
            </Button>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

/** A snapshot as lines, so a line diff reads well: settings first, then the prompt. */
function snapshotText(s: Snapshot) {
  const m = s.model_config;
  const model = !m ? "built-in offline model" : m.model_config_id ? `model config ${m.model_config_id}` : `${m.provider} · ${m.model_name ?? ""}`;
  return [
    `Name: ${s.name}`,
    `Description: ${s.description}`,
    `Model: ${model}`,
    `Temperature: ${m?.temperature ?? "default"}`,
    `Iteration limit: ${s.iteration_limit}`,
    `Tools: ${s.include_tools.join(", ") || "none"}`,
    "System prompt:",
    s.system_prompt,
  ].join("\n");
}
