"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { tabId, tabPanelId, Tabs } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { AcceptDialog } from "./accept-dialog";
import { InvitationCard, type Invitation } from "./invitation-card";

const FILTERS = ["pending", "accepted", "dismissed", "all"] as const;
type Filter = (typeof FILTERS)[number];
const EMPTY: Record<Filter, [string, string]> = {
  pending: ["No invitations waiting", "When someone shares a calendar event with you, it arrives here."],
  accepted: ["Nothing accepted yet", "Invitations you accept are listed here; their events are in your calendar."],
  dismissed: ["Nothing dismissed", "Invitations you dismiss are kept here."],
  all: ["Your inbox is empty", "When someone shares a calendar event with you, it arrives here."],
};

/** /inbox: calendar invitations, filtered by status (?status=), pending first. */
export function InboxView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const raw = params.get("status") as Filter | null;
  const filter: Filter = raw && FILTERS.includes(raw) ? raw : "pending";
  const list = useQuery(trpc.inbox.list.queryOptions(filter === "all" ? {} : { status: filter }));
  const pending = useQuery(trpc.inbox.list.queryOptions({ status: "pending" }));
  const [accepting, setAccepting] = useState<Invitation | null>(null);
  const dismiss = useMutation(
    trpc.inbox.dismiss.mutationOptions({
      onSuccess: () => toast.success("Invitation dismissed"),
      onError: (error) => toast.error(errorText(error)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
    }),
  );

  function select(next: Filter) {
    window.history.replaceState(null, "", next === "pending" ? window.location.pathname : `?status=${next}`);
  }
  const pendingFirst = (rows: Invitation[]) => [...rows].sort((a, b) => Number(b.status === "pending") - Number(a.status === "pending"));
  const [emptyTitle, emptyText] = EMPTY[filter];

  return (
    <div className="min-w-0">
      <PageHeader title="Inbox" description="Calendar invitations from other people. Accept to add the event to your calendar." />
      <Card className="overflow-hidden">
        <Tabs
          label="Filter invitations"
          idBase="inbox"
          value={filter}
          onChange={select}
          className="px-2 sm:px-3"
          items={[
            { value: "pending", label: "Pending", count: pending.data?.length },
            { value: "accepted", label: "Accepted" },
            { value: "dismissed", label: "Dismissed" },
            { value: "all", label: "All" },
          ]}
        />
        <div role="tabpanel" id={tabPanelId("inbox")} aria-labelledby={tabId("inbox", filter)} tabIndex={0} className="focus-visible:outline-offset-[-2px]">
          <QueryList
            query={list}
            what="your inbox"
            skeleton={<ListSkeleton label="Loading invitations" avatar />}
            isEmpty={(data) => data.length === 0}
            empty={<EmptyState icon={<InboxIcon />} title={emptyTitle} description={emptyText} />}
          >
            {(data) => (
              <ul aria-label="Invitations" className="divide-y divide-zinc-100">
                {pendingFirst(data).map((m) => (
                  <InvitationCard key={m.id} invitation={m} onAccept={setAccepting} onDismiss={(i) => dismiss.mutate({ id: i.id })} dismissing={dismiss.isPending && dismiss.variables?.id === m.id} />
                ))}
              </ul>
            )}
          </QueryList>
        </div>
      </Card>
      <AcceptDialog invitation={accepting} onClose={() => setAccepting(null)} />
    </div>
  );
}
