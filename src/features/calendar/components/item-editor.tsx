"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { ShareIcon, TrashIcon } from "@/components/ui/icons";
import { useTRPC } from "@/lib/trpc/client";
import { errorText, trpcFieldErrors, type FieldErrors } from "@/lib/form-errors";
import { PERMISSION } from "../schemas";
import { ItemFormFields } from "./item-form-fields";
import { formForNew, formFromItem, toCreateInput, toPatch, type ItemForm, type NewItemDefaults } from "./lib/item-form-model";
import type { CalendarItem } from "./lib/layout";

type Props = { tz: string; onDone: () => void } & (
  | { mode: "create"; defaults: NewItemDefaults }
  | { mode: "edit"; item: CalendarItem; onShare: (item: CalendarItem) => void }
);

const FIELDS = ["title", "description", "start_at", "end_at", "timezone", "rrule", "metadata"];

export function ItemEditor(props: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const item = props.mode === "edit" ? props.item : null;
  const [form, setForm] = useState<ItemForm>(() => (item ? formFromItem(item) : formForNew((props as { defaults: NewItemDefaults }).defaults, props.tz)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canEdit = !item || (item.permissions & PERMISSION.edit) !== 0;
  const isOwner = !item || !item.shared;
  const canShare = item && (isOwner || (item.permissions & PERMISSION.invite) !== 0);

  const done = (message: string) => async () => {
    toast.success(message);
    await queryClient.invalidateQueries({ queryKey: trpc.calendar.pathKey() });
    props.onDone();
  };
  const onError = (error: Parameters<typeof trpcFieldErrors>[0]) => {
    const fields = trpcFieldErrors(error, FIELDS);
    if (fields) setErrors({ ...fields, startDate: fields.start_at, endTime: fields.end_at, repeat: fields.rrule });
    else setFailure(errorText(error));
  };
  const create = useMutation(trpc.calendar.create.mutationOptions({ onSuccess: done("Event created"), onError }));
  const update = useMutation(trpc.calendar.update.mutationOptions({ onSuccess: done("Event saved"), onError }));
  const remove = useMutation(
    trpc.calendar.remove.mutationOptions({ onSuccess: done("Event deleted"), onError: (e) => (setConfirmDelete(false), setFailure(errorText(e))) }),
  );
  const pending = create.isPending || update.isPending || remove.isPending;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    if (!canEdit) return;
    if (!item) {
      const result = toCreateInput(form);
      if (!result.ok) return setErrors(result.errors);
      setErrors({});
      return create.mutate(result.data);
    }
    const result = toPatch(form, item);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (Object.keys(result.data).length === 0) return props.onDone();
    update.mutate({ id: item.id, patch: result.data });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {!canEdit && <Alert tone="info" className="mb-4">You can view this event but not change it.</Alert>}
      <fieldset disabled={!canEdit || pending} className="min-w-0">
        <legend className="sr-only">Event details</legend>
        <ItemFormFields form={form} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} errors={errors} />
      </fieldset>
      {failure && <Alert className="mt-4">{failure}</Alert>}
      <DialogFooter className="sm:items-center">
        {item && isOwner && (
          <Button variant="danger-ghost" className="sm:mr-auto" onClick={() => setConfirmDelete(true)} disabled={pending}>
            <TrashIcon /> Delete
          </Button>
        )}
        {canShare && props.mode === "edit" && (
          <Button variant="secondary" onClick={() => props.onShare(props.item)} disabled={pending} className={isOwner ? undefined : "sm:mr-auto"}>
            <ShareIcon /> Share
          </Button>
        )}
        <DialogClose asChild>
          <Button variant="secondary" disabled={pending}>{canEdit ? "Cancel" : "Close"}</Button>
        </DialogClose>
        {canEdit && (
          <Button type="submit" loading={create.isPending || update.isPending}>
            {item ? "Save changes" : "Create event"}
          </Button>
        )}
      </DialogFooter>
      {item && (
        <ConfirmDialog
          open={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={`Delete “${item.title}”?`}
          description="It is deleted for everyone it is shared with. This cannot be undone."
          confirmLabel="Delete event"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: item.id })}
        />
      )}
    </form>
  );
}
