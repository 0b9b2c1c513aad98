"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { friendRequestCreate } from "../schemas";

const NOTE_MAX = 500;

export interface Person {
  id: string;
  username: string;
  avatar_url?: string | null;
}

/** "Add friend": an optional note, then social.sendRequest. Conflicts (409) and 400s show inline. */
export function SendRequestDialog({ target, onClose }: { target: Person | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string>();
  const send = useMutation(
    trpc.social.sendRequest.mutationOptions({
      onSuccess: async () => {
        toast.success(`Friend request sent to ${target?.username}`);
        await queryClient.invalidateQueries({ queryKey: trpc.social.pathKey() });
        close();
      },
      onError: (err) => setError(errorText(err)),
    }),
  );

  function close() {
    setNote("");
    setError(undefined);
    onClose();
  }

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!target) return;
    const parsed = friendRequestCreate.safeParse({ target_user_id: target.id, content: note.trim() || undefined });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    send.mutate(parsed.data);
  }

  const over = note.length > NOTE_MAX;
  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && !send.isPending && close()}>
      <DialogContent title={`Add ${target?.username ?? ""} as a friend`} description="They can accept or decline. A short note helps them know who you are.">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field
            label="Note (optional)"
            error={over ? `At most ${NOTE_MAX} characters` : undefined}
            aside={
              <span className={clsx("text-xs tabular-nums", over ? "font-medium text-red-700" : "text-zinc-500")}>
                {note.length}/{NOTE_MAX}
              </span>
            }
          >
            <Textarea name="note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Hi! We met at…" autoFocus />
          </Field>
          {error && <Alert>{error}</Alert>}
          <DialogFooter className="mt-2">
            <DialogClose asChild>
              <Button variant="secondary" disabled={send.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={send.isPending} disabled={over}>
              Send request
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
