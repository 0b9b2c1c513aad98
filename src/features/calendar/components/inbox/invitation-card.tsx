"use client";

import clsx from "clsx";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { CalendarIcon } from "@/components/ui/icons";
import { RelativeTime } from "@/features/notifications/components/relative-time";
import { WhenText } from "../when-text";
import { PermissionTags } from "./permission-tags";

export interface Invitation {
  id: string;
  status: string;
  permissions: number;
  content: string | null;
  created_at: string;
  sender?: { id: string; username: string; avatar_url: string | null } | null;
  schedule_item?: { id: string; title: string; start_at: string; end_at: string | null; timezone: string; all_day: boolean } | null;
}

const STATUS_STYLE: Record<string, string> = {
  pending: "bg-amber-100 text-amber-900",
  accepted: "bg-emerald-100 text-emerald-800",
  dismissed: "bg-zinc-100 text-zinc-600",
  rejected: "bg-zinc-100 text-zinc-600",
};

interface Props {
  invitation: Invitation;
  onAccept: (invitation: Invitation) => void;
  onDismiss: (invitation: Invitation) => void;
  dismissing: boolean;
}

export function InvitationCard({ invitation, onAccept, onDismiss, dismissing }: Props) {
  const sender = invitation.sender?.username ?? "Someone";
  const item = invitation.schedule_item;
  const title = item?.title ?? "A deleted event";
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:gap-4 sm:px-5">
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <Avatar name={sender} src={invitation.sender?.avatar_url} />
        <div className="min-w-0 flex-1">
          <p className="text-sm text-zinc-600">
            <span className="font-medium text-zinc-900">{sender}</span> invited you · <RelativeTime value={invitation.created_at} />
          </p>
          <h3 className="mt-0.5 flex items-center gap-1.5 font-semibold text-zinc-900">
            <CalendarIcon className="text-zinc-500" />
            <span className="truncate">{title}</span>
          </h3>
          {item ? (
            <WhenText start={item.start_at} end={item.end_at} allDay={item.all_day} timezone={item.timezone} className="mt-0.5 block text-sm text-zinc-700" />
          ) : (
            <p className="mt-0.5 text-sm text-zinc-500">The owner deleted this event.</p>
          )}
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <span className={clsx("rounded-full px-2 py-0.5 text-xs font-medium capitalize", STATUS_STYLE[invitation.status] ?? STATUS_STYLE.dismissed)}>{invitation.status}</span>
            <PermissionTags bits={invitation.permissions} />
          </div>
        </div>
      </div>
      {invitation.status === "pending" && (
        <div className="flex shrink-0 gap-2 pl-13 sm:pl-0">
          <Button size="sm" onClick={() => onAccept(invitation)} disabled={!item} aria-label={`Accept invitation to ${title}`}>Accept</Button>
          <Button variant="secondary" size="sm" loading={dismissing} onClick={() => onDismiss(invitation)} aria-label={`Dismiss invitation to ${title}`}>Dismiss</Button>
        </div>
      )}
    </li>
  );
}
