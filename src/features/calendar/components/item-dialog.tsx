"use client";

import { useQuery } from "@tanstack/react-query";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { PERMISSION } from "../schemas";
import { ItemEditor } from "./item-editor";
import type { NewItemDefaults } from "./lib/item-form-model";
import type { CalendarItem } from "./lib/layout";

export type EditorState = { mode: "create"; defaults: NewItemDefaults } | { mode: "edit"; item: CalendarItem } | null;

interface Props {
  state: EditorState;
  tz: string;
  ownerName: (item: CalendarItem) => string | null;
  onClose: () => void;
  onShare: (item: CalendarItem) => void;
}

const can = (item: CalendarItem, bit: number) => (item.permissions & bit) !== 0;

function describe(item: CalendarItem, owner: string | null) {
  const bits = [can(item, PERMISSION.view) && "view", can(item, PERMISSION.edit) && "edit", can(item, PERMISSION.invite) && "invite others"].filter(Boolean);
  const parts = [];
  if (item.shared) parts.push(`Shared with you${owner ? ` by ${owner}` : ""}. You can ${bits.join(", ")}.`);
  if (item.rrule) parts.push("A repeating event: changes apply to every occurrence.");
  return parts.join(" ") || undefined;
}

/** Create or edit in one Radix dialog; read-only without the edit bit. */
export function ItemDialog({ state, tz, ownerName, onClose, onShare }: Props) {
  const item = state?.mode === "edit" ? state.item : null;
  const canEdit = item ? can(item, PERMISSION.edit) : true;
  const title = !item ? "New event" : canEdit ? "Edit event" : "Event details";
  return (
    <Dialog open={state !== null} onOpenChange={(open) => !open && onClose()}>
      {state && (
        <DialogContent title={title} description={item ? describe(item, ownerName(item)) : undefined} className="sm:max-w-xl">
          {state.mode === "create" ? (
            <ItemEditor mode="create" defaults={state.defaults} tz={tz} onDone={onClose} />
          ) : (
            <EditLoader item={state.item} tz={tz} onDone={onClose} onShare={onShare} />
          )}
        </DialogContent>
      )}
    </Dialog>
  );
}

/** A recurring occurrence carries the occurrence's times; the form edits the series, so load it. */
function EditLoader({ item, tz, onDone, onShare }: { item: CalendarItem; tz: string; onDone: () => void; onShare: (item: CalendarItem) => void }) {
  const trpc = useTRPC();
  const series = useQuery({ ...trpc.calendar.get.queryOptions({ id: item.id }), enabled: Boolean(item.rrule) });
  if (!item.rrule) return <ItemEditor mode="edit" item={item} tz={tz} onDone={onDone} onShare={onShare} />;
  if (series.isError) return <ErrorState title="Could not load this event" message={errorText(series.error)} onRetry={() => series.refetch()} retrying={series.isFetching} className="py-6" />;
  if (!series.data) {
    return (
      <div aria-busy="true" className="flex flex-col gap-4">
        <span className="sr-only">Loading the event</span>
        {[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-10 w-full" />)}
      </div>
    );
  }
  return <ItemEditor key={series.data.updated_at} mode="edit" item={series.data} tz={tz} onDone={onDone} onShare={onShare} />;
}
