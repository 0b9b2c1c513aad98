"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon, UserPlusIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { RelativeTime } from "@/features/notifications/components/relative-time";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { PersonRow } from "./person-row";

/** Pending requests to me (accept / decline) or from me (cancel). */
export function RequestList({ direction }: { direction: "incoming" | "outgoing" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const incoming = direction === "incoming";
  const requests = useQuery(incoming ? trpc.social.incoming.queryOptions() : trpc.social.outgoing.queryOptions());
  const mutationOptions = (done: string) => ({
    onSuccess: async () => {
      toast.success(done);
      await queryClient.invalidateQueries({ queryKey: trpc.social.pathKey() });
    },
    onError: async (error: unknown) => {
      toast.error(errorText(error));
      await queryClient.invalidateQueries({ queryKey: trpc.social.pathKey() });
    },
  });
  const accept = useMutation(trpc.social.accept.mutationOptions(mutationOptions("Friend request accepted")));
  const decline = useMutation(trpc.social.decline.mutationOptions(mutationOptions("Friend request declined")));
  const cancel = useMutation(trpc.social.cancel.mutationOptions(mutationOptions("Friend request cancelled")));
  const busy = (id: string, m: { isPending: boolean; variables?: { id: string } }) => m.isPending && m.variables?.id === id;

  const empty = incoming ? (
    <EmptyState icon={<InboxIcon />} title="No requests waiting" description="When someone sends you a friend request, it shows up here." />
  ) : (
    <EmptyState icon={<UserPlusIcon />} title="No requests sent" description="Requests you send wait here until the other person answers." />
  );
  return (
    <QueryList query={requests} what="requests" skeleton={<ListSkeleton label="Loading requests" avatar />} isEmpty={(data) => data.length === 0} empty={empty}>
      {(data) => (
        <ul aria-label={incoming ? "Incoming requests" : "Outgoing requests"} className="divide-y divide-zinc-100">
          {data.map((r) => {
            const other = (incoming ? r.from_user : r.to_user) ?? { username: "Someone", avatar_url: null };
            return (
              <PersonRow
                key={r.id}
                name={other.username}
                avatarUrl={other.avatar_url}
                detail={r.content ? <q className="italic">{r.content}</q> : <span className="text-zinc-400">No note</span>}
                extra={<p className="mt-1 text-xs text-zinc-500">{incoming ? "Received" : "Sent"} <RelativeTime value={r.created_at} /></p>}
                actions={
                  incoming ? (
                    <>
                      <Button size="sm" loading={busy(r.id, accept)} disabled={decline.isPending} onClick={() => accept.mutate({ id: r.id })} aria-label={`Accept friend request from ${other.username}`}>
                        Accept
                      </Button>
                      <Button variant="secondary" size="sm" loading={busy(r.id, decline)} disabled={accept.isPending} onClick={() => decline.mutate({ id: r.id })} aria-label={`Decline friend request from ${other.username}`}>
                        Decline
                      </Button>
                    </>
                  ) : (
                    <Button variant="secondary" size="sm" loading={busy(r.id, cancel)} onClick={() => cancel.mutate({ id: r.id })} aria-label={`Cancel friend request to ${other.username}`}>
                      Cancel request
                    </Button>
                  )
                }
              />
            );
          })}
        </ul>
      )}
    </QueryList>
  );
}
