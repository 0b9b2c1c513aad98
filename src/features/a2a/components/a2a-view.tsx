"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { UsersIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { AgentRow } from "./agent-row";
import { DiscoverForm } from "./discover-form";

/** Settings → A2A agents: outside agents discovered by URL, usable as tools by agents and workflows. */
export function A2aView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const agents = useQuery(trpc.a2a.agents.queryOptions());
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const remove = useMutation(
    trpc.a2a.remove.mutationOptions({
      onSuccess: () => {
        toast.success(`Removed ${removing?.name}`);
        setRemoving(null);
      },
      onError: (err) => toast.error(errorText(err)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.a2a.agents.queryKey() }),
    }),
  );

  return (
    <>
      <PageHeader
        title="A2A agents"
        description="Add agents that speak the Agent2Agent protocol by their URL; your agents and workflows can then ask them as tools named a2a_<agent>."
      />
      <Card className="mb-6">
        <DiscoverForm />
      </Card>
      <Card className="overflow-hidden">
        <QueryList
          query={agents}
          what="your A2A agents"
          skeleton={<ListSkeleton label="Loading your A2A agents" action />}
          isEmpty={(data) => data.agents.length === 0}
          empty={<EmptyState icon={<UsersIcon />} title="No A2A agents yet" description="Paste an agent's URL above to discover it." />}
        >
          {(data) => (
            <ul className="divide-y divide-zinc-100" aria-label="Your A2A agents">
              {data.agents.map((a) => (
                <AgentRow key={a.id} agent={a} onRemove={() => setRemoving({ id: a.id, name: a.name })} />
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.name ?? "this agent"}?`}
        description="Agents and workflows that use it as a tool lose it, and the tasks sent to it are deleted."
        confirmLabel="Remove agent"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
      />
    </>
  );
}
