"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { PERMISSION } from "../../schemas";
import type { Invitation } from "./invitation-card";

const CHOICES = [
  { key: "permission_view", bit: PERMISSION.view, label: "View", description: "See the event in your calendar" },
  { key: "permission_edit", bit: PERMISSION.edit, label: "Edit", description: "Change its time and details" },
  { key: "permission_invite", bit: PERMISSION.invite, label: "Invite", description: "Share it with others" },
] as const;

/** Choose which of the offered permissions to take; ones not offered are shown but disabled. */
export function AcceptDialog({ invitation, onClose }: { invitation: Invitation | null; onClose: () => void }) {
  return (
    <Dialog open={invitation !== null} onOpenChange={(open) => !open && onClose()}>
      {invitation && (
        <DialogContent title="Accept invitation" description={`“${invitation.schedule_item?.title ?? "Event"}” from ${invitation.sender?.username ?? "someone"}. Choose what you want to be able to do.`}>
          <AcceptForm key={invitation.id} invitation={invitation} onClose={onClose} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function AcceptForm({ invitation, onClose }: { invitation: Invitation; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const offered = invitation.permissions;
  const [chosen, setChosen] = useState(() => Object.fromEntries(CHOICES.map((c) => [c.key, (offered & c.bit) !== 0])) as Record<(typeof CHOICES)[number]["key"], boolean>);
  const [failure, setFailure] = useState<string>();
  const accept = useMutation(
    trpc.inbox.accept.mutationOptions({
      onSuccess: async () => {
        toast.success("Invitation accepted: it is in your calendar now");
        await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.calendar.pathKey() })]);
        onClose();
      },
      onError: (error) => setFailure(errorText(error)),
    }),
  );
  const none = !CHOICES.some((c) => chosen[c.key]);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (none) return setFailure("Choose at least one permission.");
    setFailure(undefined);
    accept.mutate({ id: invitation.id, permissions: chosen });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium text-zinc-800">Permissions</legend>
        {CHOICES.map((c) => {
          const available = (offered & c.bit) !== 0;
          return (
            <Checkbox
              key={c.key}
              label={c.label}
              description={available ? c.description : "Not offered by the sender"}
              disabled={!available}
              checked={available && chosen[c.key]}
              onChange={(e) => setChosen((s) => ({ ...s, [c.key]: e.target.checked }))}
            />
          );
        })}
      </fieldset>
      {failure && <Alert className="mt-4">{failure}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary" disabled={accept.isPending}>Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={accept.isPending} disabled={none}>Accept</Button>
      </DialogFooter>
    </form>
  );
}
