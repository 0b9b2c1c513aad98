"use client";

import { Button } from "@/components/ui/button";
import { TrashIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import type { DeviceDto } from "../schemas";
import { StateBadge } from "./state-badge";

const CHANNEL = { web_push: "Web Push", webhook: "Webhook", none: "No notifications" } as const;
const DELIVERY = {
  queued: { text: "Sending…", tone: "wait" },
  delivered: { text: "Delivered", tone: "good" },
  failed: { text: "Failed", tone: "bad" },
  skipped: { text: "Skipped", tone: "muted" },
} as const;

/** One paired device: what it is, where its notifications go, and what became of the last one. */
export function DeviceRow({ device, onRemove }: { device: DeviceDto; onRemove: () => void }) {
  const last = device.last_notification;
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5" data-testid="device" aria-label={device.name}>
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium break-all text-zinc-900">{device.name}</h3>
          {device.platform && <StateBadge tone="muted">{device.platform}</StateBadge>}
          <StateBadge tone="muted">{CHANNEL[device.channel]}</StateBadge>
        </div>
        <p className="mt-1 text-xs text-zinc-600">
          Paired <LocalTime value={device.created_at} withTime />
          {device.target_hint && <> · sends to <span className="font-mono break-all">{device.target_hint}</span></>}
        </p>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600" data-testid="last-notification">
          {last ? (
            <>
              Last notification “{last.title}”: <StateBadge tone={DELIVERY[last.status].tone}>{DELIVERY[last.status].text}</StateBadge>
              <LocalTime value={last.at} withTime />
            </>
          ) : (
            "No notifications yet"
          )}
        </p>
        {last?.error && last.status !== "delivered" && <p role="alert" className="mt-1 text-sm break-words text-red-700">{last.error}</p>}
      </div>
      <Button variant="secondary" size="sm" onClick={onRemove} aria-label={`Remove ${device.name}`} className="self-start">
        <TrashIcon />
        Remove
      </Button>
    </li>
  );
}
