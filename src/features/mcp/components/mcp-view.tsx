"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ActivityIcon, PlusIcon, TerminalIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { McpServerDto } from "../schemas";
import { AddServerDialog } from "./add-server-dialog";
import { ServerRow } from "./server-row";

const STATUS_TEXT = { healthy: "All servers answer", degraded: "Some servers do not answer", unhealthy: "No server answers", empty: "No servers to check" } as const;

/** Settings → MCP servers: the servers Atrium's agents may use, their health and tools. */
export function McpView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const servers = useQuery(trpc.mcp.servers.queryOptions());
  const abilities = useQuery(trpc.mcp.abilities.queryOptions());
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<McpServerDto | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.mcp.servers.queryKey() });

  const reconnect = useMutation(
    trpc.mcp.reconnect.mutationOptions({
      onSuccess: ({ server: s, error }) =>
        error ? toast.error(`${s.name}: ${error}`) : toast.success(`${s.name} connected: ${s.tools.length} ${s.tools.length === 1 ? "tool" : "tools"}`),
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.mcp.remove.mutationOptions({
      onSuccess: () => {
        toast.success(`Deleted ${deleting?.name}`);
        setDeleting(null);
      },
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const health = useMutation({
    mutationFn: () => queryClient.fetchQuery({ ...trpc.mcp.health.queryOptions(), staleTime: 0 }),
    onSuccess: (report) => {
      toast[report.status === "healthy" || report.status === "empty" ? "success" : "error"](`${STATUS_TEXT[report.status]} (${report.healthy} of ${report.total})`);
    },
    onError: (err) => toast.error(errorText(err)),
    onSettled: refresh,
  });

  const addButton = (
    <Button onClick={() => setAdding(true)}>
      <PlusIcon />
      Add server
    </Button>
  );
  const hasServers = Boolean(servers.data?.servers.length);

  return (
    <>
      <PageHeader
        title="MCP servers"
        description="Connect Model Context Protocol servers; their tools appear in the agent designer as mcp_<server>_<tool>."
        actions={
          hasServers ? (
            <>
              <Button variant="secondary" onClick={() => health.mutate()} loading={health.isPending}>
                <ActivityIcon />
                Check health
              </Button>
              {addButton}
            </>
          ) : undefined
        }
      />
      <Card className="overflow-hidden">
        <QueryList
          query={servers}
          what="your MCP servers"
          skeleton={<ListSkeleton label="Loading your MCP servers" action />}
          isEmpty={(data) => data.servers.length === 0}
          empty={
            <EmptyState
              icon={<TerminalIcon />}
              title="No MCP servers yet"
              description="Install one from the catalog (filesystem, GitHub, fetch…) or add your own command or URL."
              action={addButton}
            />
          }
        >
          {(data) => (
            <ul className="divide-y divide-zinc-100" aria-label="Your MCP servers">
              {data.servers.map((s) => (
                <ServerRow
                  key={s.id}
                  server={s}
                  onReconnect={() => reconnect.mutate({ id: s.id })}
                  reconnecting={reconnect.isPending && reconnect.variables?.id === s.id}
                  onDelete={() => setDeleting(s)}
                />
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      <AddServerDialog open={adding} onOpenChange={setAdding} mayRunCommands={abilities.data?.mayRunCommands ?? false} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "this server"}?`}
        description="Agents that use its tools lose them. A running server process is stopped."
        confirmLabel="Delete server"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}
