"use client";

import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** This node's id and the network's numbers, refreshed every few seconds. */
export function StatusCard() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.network.status.queryOptions(), refetchInterval: 5_000 });
  const data = status.data;
  return (
    <Card className="mb-6 p-4 sm:p-5" aria-label="This node">
      {status.isError && !data ? (
        <p role="alert" className="text-sm text-red-700">Could not load this node&apos;s status: {errorText(status.error)}</p>
      ) : !data ? (
        <Skeleton className="h-14 w-full" />
      ) : (
        <div className="flex flex-col gap-4 lg:flex-row lg:items-center lg:justify-between">
          <div className="min-w-0">
            <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">This node</p>
            <div className="mt-1 flex flex-wrap items-center gap-2">
              <code className="font-mono text-sm break-all text-zinc-900" data-testid="node-id">{data.node_id}</code>
              <CopyButton value={data.node_id} what="node id" />
            </div>
          </div>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <Stat label="Peers connected" value={`${data.connected_peers} of ${data.peers}`} />
            <Stat label="Messages in" value={String(data.messages_in)} />
            <Stat label="Messages out" value={String(data.messages_out)} />
            <Stat label="Last minute" value={`${data.rate.in_per_minute} in · ${data.rate.out_per_minute} out`} />
          </dl>
        </div>
      )}
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="font-medium text-zinc-900 tabular-nums">{value}</dd>
    </div>
  );
}
