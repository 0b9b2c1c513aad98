"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { tabId, tabPanelId, Tabs } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/client";
import { FriendList } from "./friend-list";
import { RequestList } from "./request-list";
import { UserSearch } from "./user-search";

const TABS = ["friends", "incoming", "outgoing"] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => TABS.includes(value as Tab);

/** /friends: search, then the three lists in tabs; the tab lives in ?tab= so links can open one. */
export function FriendsView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const raw = params.get("tab");
  const tab: Tab = isTab(raw) ? raw : "friends";
  const friends = useQuery(trpc.social.friends.queryOptions());
  const incoming = useQuery(trpc.social.incoming.queryOptions());
  const outgoing = useQuery(trpc.social.outgoing.queryOptions());

  function select(next: Tab) {
    const query = new URLSearchParams(params.toString());
    if (next === "friends") query.delete("tab");
    else query.set("tab", next);
    const search = query.toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }

  return (
    <div className="min-w-0">
      <PageHeader title="Friends" description="Find people, answer requests, and keep the people you share calendars with close." />
      <UserSearch />
      <Card className="mt-6 overflow-hidden">
        <Tabs
          label="Friends and requests"
          idBase="friends"
          value={tab}
          onChange={select}
          className="px-2 sm:px-3"
          items={[
            { value: "friends", label: "Friends", count: friends.data?.length },
            { value: "incoming", label: "Incoming", count: incoming.data?.length },
            { value: "outgoing", label: "Outgoing", count: outgoing.data?.length },
          ]}
        />
        <div role="tabpanel" id={tabPanelId("friends")} aria-labelledby={tabId("friends", tab)} tabIndex={0} className="focus-visible:outline-offset-[-2px]">
          {tab === "friends" ? <FriendList /> : <RequestList key={tab} direction={tab} />}
        </div>
      </Card>
    </div>
  );
}
