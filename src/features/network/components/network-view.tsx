"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Tabs, tabId, tabPanelId } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/client";
import { DevicesPanel } from "./devices-panel";
import { PeersPanel } from "./peers-panel";
import { StatusCard } from "./status-card";

type Tab = "peers" | "devices";
const ID_BASE = "network";

/** The Network page: this node, its peers (other Atrium instances) and the person's paired devices. */
export function NetworkView() {
  const trpc = useTRPC();
  const abilities = useQuery(trpc.network.abilities.queryOptions());
  const peers = useQuery(trpc.network.peers.queryOptions());
  const devices = useQuery(trpc.network.devices.queryOptions());
  const [tab, setTab] = useState<Tab>("peers");
  return (
    <>
      <PageHeader title="Network" description="Other Atrium instances linked as peers, and the devices paired to you for notifications." />
      <StatusCard />
      <Tabs
        idBase={ID_BASE}
        label="Network sections"
        value={tab}
        onChange={setTab}
        className="mb-4"
        items={[
          { value: "peers", label: "Peers", count: peers.data?.peers.length },
          { value: "devices", label: "Paired devices", count: devices.data?.devices.length },
        ]}
      />
      <div id={tabPanelId(ID_BASE)} role="tabpanel" aria-labelledby={tabId(ID_BASE, tab)}>
        {tab === "peers" ? <PeersPanel manage={abilities.data?.managePeers ?? false} /> : <DevicesPanel />}
      </div>
    </>
  );
}
