"use client";

import { useQuery } from "@tanstack/react-query";
import { CountBadge } from "@/components/ui/badge";
import { useTRPC } from "@/lib/trpc/client";

/** Pending friend requests to me, pending calendar invitations, or approvals waiting for me; kept fresh by LiveEvents. */
export function NavBadge({ kind }: { kind: "friends" | "inbox" | "approvals" }) {
  const trpc = useTRPC();
  const friends = useQuery({ ...trpc.social.incoming.queryOptions(), enabled: kind === "friends" });
  const inbox = useQuery({ ...trpc.inbox.list.queryOptions({ status: "pending" }), enabled: kind === "inbox" });
  const approvals = useQuery({ ...trpc.approvals.pendingCount.queryOptions(), enabled: kind === "approvals" });
  const count = kind === "approvals" ? approvals.data?.count : (kind === "friends" ? friends.data : inbox.data)?.length;
  const noun = kind === "friends" ? "friend request" : kind === "inbox" ? "invitation" : "approval";
  const label = `${count} pending ${noun}${count === 1 ? "" : "s"}`;
  return <CountBadge count={count} label={label} className="ml-auto" />;
}
