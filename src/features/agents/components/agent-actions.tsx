"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { AgentDto } from "../schemas";
import { useAgentActions } from "./use-agent-actions";

/** The deploy/stop toggle plus a "More" menu: duplicate, export, delete (confirmed). */
export function AgentActions({ agent, onDeleted, compact }: { agent: AgentDto; onDeleted?: () => void; compact?: boolean }) {
  const actions = useAgentActions();
  const [confirming, setConfirming] = useState(false);
  const deployed = agent.status === "deployed";
  const toggling = actions.deploy.isPending || actions.stop.isPending;
  return (
    <div className="flex items-center gap-1.5">
      <Button
        size="sm"
        variant={deployed ? "secondary" : "primary"}
        loading={toggling}
        aria-label={`${deployed ? "Stop" : "Deploy"} ${agent.name}`}
        onClick={() => (deployed ? actions.stop : actions.deploy).mutate({ id: agent.id })}
      >
        {deployed ? "Stop" : "Deploy"}
      </Button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button size="sm" variant="ghost" aria-label={`More actions for ${agent.name}`}>
            {compact ? "⋯" : "More"}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => actions.duplicate.mutate({ id: agent.id })}>Duplicate</DropdownMenuItem>
          <DropdownMenuItem onSelect={() => void actions.exportAgent(agent.id)}>Export JSON</DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setConfirming(true)} className="text-red-700">
            Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete ${agent.name}?`}
        description="Its versions and conversations are deleted too. This cannot be undone."
        confirmLabel="Delete agent"
        pending={actions.remove.isPending}
        onConfirm={() =>
          actions.remove.mutate(
            { id: agent.id },
            {
              onSuccess: () => {
                setConfirming(false);
                onDeleted?.();
              },
            },
          )
        }
      />
    </div>
  );
}
