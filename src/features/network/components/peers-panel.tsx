"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PlusIcon, ShareIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { PeerDto } from "../schemas";
import { AddPeerDialog } from "./add-peer-dialog";
import { PeerRow } from "./peer-row";
import { PeerMessagesDialog } from "./send-message-dialog";

/** The peers: everyone sees them (state refreshed every few seconds); administrators manage them. */
export function PeersPanel({ manage }: { manage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const peers = useQuery({ ...trpc.network.peers.queryOptions(), refetchInterval: 5_000 });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<PeerDto | null>(null);
  const [talking, setTalking] = useState<PeerDto | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.network.peers.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.network.status.queryKey() });
  };
  const ping = useMutation(
    trpc.network.pingPeer.mutationOptions({
      onSuccess: (p) => (p.state === "connected" ? toast.success(`${p.name} answered`) : toast.error(`${p.name}: ${p.last_error ?? "no answer"}`)),
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.network.removePeer.mutationOptions({
      onSuccess: () => {
        toast.success(`Removed ${removing?.name}`);
        setRemoving(null);
      },
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const addButton = manage ? (
    <Button onClick={() => setAdding(true)}>
      <PlusIcon />
      Add peer
    </Button>
  ) : undefined;
  return (
    <>
      {manage && Boolean(peers.data?.peers.length) && <div className="mb-3 flex justify-end">{addButton}</div>}
      <Card className="overflow-hidden">
        <QueryList
          query={peers}
          what="the peers"
          skeleton={<ListSkeleton label="Loading the peers" action />}
          isEmpty={(data) => data.peers.length === 0}
          empty={
            <EmptyState
              icon={<ShareIcon />}
              title="No peers yet"
              description={manage ? "Link another Atrium instance: its URL and a secret you store on both sides." : "An administrator can link other Atrium instances here."}
              action={addButton}
            />
          }
        >
          {(data) => (
            <ul className="divide-y divide-zinc-100" aria-label="Peers">
              {data.peers.map((p) => (
                <PeerRow
                  key={p.id}
                  peer={p}
                  manage={manage}
                  onPing={() => ping.mutate({ id: p.id })}
                  pinging={ping.isPending && ping.variables?.id === p.id}
                  onMessages={() => setTalking(p)}
                  onRemove={() => setRemoving(p)}
                />
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      {manage && <AddPeerDialog open={adding} onOpenChange={setAdding} />}
      <PeerMessagesDialog peer={talking} onOpenChange={(open) => !open && setTalking(null)} canSend={manage} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.name ?? "this peer"}?`}
        description="Its signed requests are refused from now on, and its messages are deleted here."
        confirmLabel="Remove peer"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
      />
    </>
  );
}
