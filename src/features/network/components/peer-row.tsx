"use client";

import { Button } from "@/components/ui/button";
import { MailIcon, RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import type { PeerDto } from "../schemas";
import { StateBadge } from "./state-badge";

const STATE = {
  connected: { text: "Connected", tone: "good" },
  disconnected: { text: "Disconnected", tone: "bad" },
  pending: { text: "Not reached yet", tone: "wait" },
} as const;

/** One peer: where it is, whether the link works (and is authenticated), its counters and actions. */
export function PeerRow({ peer, manage, onPing, pinging, onMessages, onRemove }: {
  peer: PeerDto;
  manage: boolean;
  onPing: () => void;
  pinging: boolean;
  onMessages: () => void;
  onRemove: () => void;
}) {
  const state = STATE[peer.state];
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5" data-testid="peer" aria-label={peer.name}>
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium break-all text-zinc-900">{peer.name}</h3>
          <StateBadge tone={state.tone}>{state.text}</StateBadge>
          <StateBadge tone={peer.authenticated ? "good" : "muted"}>{peer.authenticated ? "Authenticated" : "Not authenticated"}</StateBadge>
        </div>
        <p className="mt-1 font-mono text-xs break-all text-zinc-600">{peer.address}</p>
        {peer.node_id && <p className="mt-1 font-mono text-xs break-all text-zinc-500">Node {peer.node_id}</p>}
        <p className="mt-1 text-xs text-zinc-600">
          {peer.messages_in} in · {peer.messages_out} out · last seen {peer.last_seen ? <LocalTime value={peer.last_seen} withTime /> : "never"}
        </p>
        {peer.last_error && peer.state !== "connected" && (
          <p role="alert" className="mt-2 text-sm break-words text-red-700">{peer.last_error}</p>
        )}
      </div>
      <div className="flex shrink-0 flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={onMessages} aria-label={`Messages with ${peer.name}`}>
          <MailIcon />
          Messages
        </Button>
        {manage && (
          <>
            <Button variant="secondary" size="sm" onClick={onPing} loading={pinging} aria-label={`Check ${peer.name} now`}>
              <RefreshIcon />
              Check now
            </Button>
            <Button variant="secondary" size="sm" onClick={onRemove} aria-label={`Remove ${peer.name}`}>
              <TrashIcon />
              Remove
            </Button>
          </>
        )}
      </div>
    </li>
  );
}
