"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { UsersIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { PersonRow } from "./person-row";

interface Friend {
  friend_id: string;
  username: string;
  avatar_url?: string | null;
  bio?: string | null;
  created_at: string;
}

export function FriendList() {
  const trpc = useTRPC();
  const friends = useQuery(trpc.social.friends.queryOptions());
  const [removing, setRemoving] = useState<Friend | null>(null);

  return (
    <>
      <QueryList
        query={friends}
        what="your friends"
        skeleton={<ListSkeleton label="Loading your friends" avatar />}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState icon={<UsersIcon />} title="No friends yet" description="Search for people above and send them a request. Friends can share calendar items with each other." />}
      >
        {(data) => (
          <ul aria-label="Your friends" className="divide-y divide-zinc-100">
            {data.map((f) => (
              <PersonRow
                key={f.friend_id}
                name={f.username}
                avatarUrl={f.avatar_url}
                detail={f.bio || <span className="text-zinc-400">No bio</span>}
                extra={<p className="mt-1 text-xs text-zinc-500">Friends since <LocalTime value={f.created_at} /></p>}
                actions={
                  <Button variant="danger-ghost" size="sm" onClick={() => setRemoving(f)} aria-label={`Remove ${f.username} from friends`}>
                    Remove
                  </Button>
                }
              />
            ))}
          </ul>
        )}
      </QueryList>
      <RemoveFriendDialog target={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

function RemoveFriendDialog({ target, onClose }: { target: Friend | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.social.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${target?.username} is no longer your friend`);
        await queryClient.invalidateQueries({ queryKey: trpc.social.pathKey() });
        onClose();
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  return (
    <ConfirmDialog
      open={target !== null}
      onOpenChange={(open) => !open && onClose()}
      title={`Remove ${target?.username ?? ""}?`}
      description="You will no longer be friends, for both of you. Calendar items already shared stay shared."
      confirmLabel="Remove friend"
      pending={remove.isPending}
      onConfirm={() => target && remove.mutate({ id: target.friend_id })}
    />
  );
}
