"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";
import { DeliveriesCard } from "./deliveries-card";
import { EventsCard } from "./events-card";
import { SendForm } from "./send-form";
import { TopologyGraph } from "./topology-graph";
import { TopologyList } from "./topology-list";
import { useCommsLive } from "./use-comms-live";

/**
 * The Comms page: who talks to whom (the caller's Atrium agents, gateway agents, channels, peers) as a
 * graph (a list on phones), the events streaming in, a send form and the gateway's delivery log.
 */
export function CommsView() {
  const trpc = useTRPC();
  const graph = useQuery(trpc.comms.topology.queryOptions());
  const live = useCommsLive();
  const nodes = graph.data?.nodes ?? [];
  return (
    <>
      <PageHeader
        title="Comms"
        description={
          <>
            How your agents talk: Atrium agents, agents on the agent gateway (<code className="font-mono">/gateway/*</code>), channels and peers.{" "}
            <span className="text-xs text-zinc-500" data-testid="comms-live">
              {live.live ? "● Live" : "○ Connecting…"}
            </span>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title="Topology" description={`Edges: messages in the last ${graph.data?.window_hours ?? 24} hours (count) and channel membership (dashed).`} />
          <QueryList
            query={graph}
            what="the topology"
            isEmpty={(d) => d.nodes.length === 0}
            empty={<EmptyState title="Nobody here yet" description="Create an Atrium agent or register one at /gateway/register with an API key; it appears here." />}
          >
            {(data) => (
              <>
                <div className="hidden h-[26rem] border-t border-zinc-100 md:block" data-testid="comms-graph">
                  <TopologyGraph nodes={data.nodes} edges={data.edges} />
                </div>
                <div className="md:hidden">
                  <TopologyList nodes={data.nodes} edges={data.edges} />
                </div>
              </>
            )}
          </QueryList>
        </Card>
        <SendForm nodes={nodes} />
        <div className="min-w-0 lg:col-span-2">
          <EventsCard live={live} />
        </div>
        <DeliveriesCard />
      </div>
    </>
  );
}
