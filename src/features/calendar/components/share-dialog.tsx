"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { errorText, trpcFieldErrors } from "@/lib/form-errors";
import { PERMISSION, share as shareSchema } from "../schemas";
import type { CalendarItem } from "./lib/layout";

const BITS = [
  { key: "permission_view", bit: PERMISSION.view, label: "View", description: "See the event and its details" },
  { key: "permission_edit", bit: PERMISSION.edit, label: "Edit", description: "Change the time, title and details" },
  { key: "permission_invite", bit: PERMISSION.invite, label: "Invite", description: "Share it onward (never with more than they hold)" },
] as const;
type Bits = Record<(typeof BITS)[number]["key"], boolean>;

/** Invite someone by e-mail with chosen permissions; someone else's item can only pass on bits you hold. */
export function ShareDialog({ item, onClose }: { item: CalendarItem | null; onClose: () => void }) {
  return (
    <Dialog open={item !== null} onOpenChange={(open) => !open && onClose()}>
      {item && (
        <DialogContent title={`Share “${item.title}”`} description="They get an invitation in their inbox and choose which of these permissions to accept.">
          <ShareForm key={item.id} item={item} onClose={onClose} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function ShareForm({ item, onClose }: { item: CalendarItem; onClose: () => void }) {
  const trpc = useTRPC();
  const held = item.shared ? item.permissions : 7;
  const [email, setEmail] = useState("");
  const [bits, setBits] = useState<Bits>({ permission_view: true, permission_edit: false, permission_invite: false });
  const [emailError, setEmailError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const share = useMutation(
    trpc.calendar.share.mutationOptions({
      onSuccess: (result) => {
        toast.success(result.message);
        onClose();
      },
      onError: (error) => {
        const fields = trpcFieldErrors(error, ["email"]);
        if (fields?.email) setEmailError(fields.email);
        else setFailure(error.data?.httpStatus === 404 ? "No Atrium account uses that e-mail address." : errorText(error));
      },
    }),
  );

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const parsed = shareSchema.safeParse({ email, ...bits });
    if (!parsed.success) return setEmailError(parsed.error.issues[0]?.message);
    if (!bits.permission_view && !bits.permission_edit && !bits.permission_invite) return setFailure("Offer at least one permission.");
    setEmailError(undefined);
    share.mutate({ id: item.id, share: parsed.data });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field label="E-mail address" error={emailError} hint="The address they signed up to Atrium with.">
        <Input type="email" name="email" autoComplete="email" inputMode="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      </Field>
      <fieldset className="flex flex-col gap-2.5">
        <legend className="mb-2 text-sm font-medium text-zinc-800">Permissions offered</legend>
        {BITS.map(({ key, bit, label, description }) => {
          const allowed = (held & bit) !== 0;
          return (
            <Checkbox
              key={key}
              label={label}
              description={allowed ? description : "You don't hold this permission, so you can't offer it"}
              checked={bits[key] && allowed}
              disabled={!allowed}
              onChange={(e) => setBits((b) => ({ ...b, [key]: e.target.checked }))}
            />
          );
        })}
      </fieldset>
      {failure && <Alert>{failure}</Alert>}
      <DialogFooter className="mt-2">
        <DialogClose asChild>
          <Button variant="secondary" disabled={share.isPending}>Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={share.isPending}>Send invitation</Button>
      </DialogFooter>
    </form>
  );
}
