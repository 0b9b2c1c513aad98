"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { BellIcon, PlusIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { DeviceDto } from "../schemas";
import { DeviceRow } from "./device-row";
import { PairingCodeDialog } from "./pairing-code-dialog";

/** The person's paired devices; polls while a notification is on its way, so its outcome shows. */
export function DevicesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const devices = useQuery({
    ...trpc.network.devices.queryOptions(),
    refetchInterval: (query) => (query.state.data?.devices.some((d) => d.last_notification?.status === "queued") ? 1_000 : false),
  });
  const [pairing, setPairing] = useState(false);
  const [removing, setRemoving] = useState<DeviceDto | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.network.devices.queryKey() });
  const notify = useMutation(
    trpc.network.notify.mutationOptions({
      onSuccess: ({ queued, deliveries }) => toast.success(queued === deliveries.length ? `Sending to ${queued} ${queued === 1 ? "device" : "devices"}` : `Sending to ${queued} of ${deliveries.length} devices (the others have no notification channel)`),
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.network.removeDevice.mutationOptions({
      onSuccess: () => {
        toast.success(`Removed ${removing?.name}`);
        setRemoving(null);
      },
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const pairButton = (
    <Button onClick={() => setPairing(true)}>
      <PlusIcon />
      Pair a device
    </Button>
  );
  return (
    <>
      {Boolean(devices.data?.devices.length) && (
        <div className="mb-3 flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => notify.mutate({ title: "Test notification", body: "Sent from Atrium's Network page" })} loading={notify.isPending}>
            <BellIcon />
            Send a test notification
          </Button>
          {pairButton}
        </div>
      )}
      <Card className="overflow-hidden">
        <QueryList
          query={devices}
          what="your devices"
          skeleton={<ListSkeleton label="Loading your devices" action />}
          isEmpty={(data) => data.devices.length === 0}
          empty={<EmptyState icon={<BellIcon />} title="No paired devices" description="Pair your phone or another device with a short code; notifications reach it through Web Push or its webhook." action={pairButton} />}
        >
          {(data) => (
            <ul className="divide-y divide-zinc-100" aria-label="Your devices">
              {data.devices.map((d) => (
                <DeviceRow key={d.id} device={d} onRemove={() => setRemoving(d)} />
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      <PairingCodeDialog open={pairing} onOpenChange={setPairing} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.name ?? "this device"}?`}
        description="It gets no more notifications and its device token stops working."
        confirmLabel="Remove device"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
      />
    </>
  );
}
