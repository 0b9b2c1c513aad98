"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { PeerDto } from "../schemas";
import { StateBadge } from "./state-badge";

const STATUS_TONE = { queued: "wait", delivered: "good", failed: "bad", received: "muted" } as const;

/** Messages exchanged with one peer, newest first, and a box to send one (administrators). */
export function PeerMessagesDialog({ peer, onOpenChange, canSend }: { peer: PeerDto | null; onOpenChange: (open: boolean) => void; canSend: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const messages = useQuery({ ...trpc.network.messages.queryOptions({ id: peer?.id ?? "" }), enabled: peer !== null, refetchInterval: 2_000 });
  const send = useMutation(
    trpc.network.sendMessage.mutationOptions({
      onSuccess: () => {
        setText("");
        toast.success("Message queued");
        void queryClient.invalidateQueries({ queryKey: trpc.network.messages.queryKey() });
      },
      onError: (err) => toast.error(errorText(err)),
    }),
  );
  return (
    <Dialog open={peer !== null} onOpenChange={onOpenChange}>
      <DialogContent title={`Messages with ${peer?.name ?? "peer"}`} description="Delivered by a job, signed, counted on both sides.">
        {canSend && peer && (
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) send.mutate({ id: peer.id, text: text.trim() });
            }}
          >
            <Field label="Message">
              <Textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} rows={3} />
            </Field>
            <div className="flex justify-end">
              <Button type="submit" loading={send.isPending} disabled={!text.trim()}>Send</Button>
            </div>
          </form>
        )}
        <ul className="mt-4 flex max-h-72 flex-col gap-2 overflow-y-auto" aria-label="Messages" aria-live="polite">
          {messages.isError && <li className="text-sm text-red-700">{errorText(messages.error)}</li>}
          {messages.data?.messages.length === 0 && <li className="text-sm text-zinc-500">No messages yet.</li>}
          {messages.data?.messages.map((m) => (
            <li key={m.id} className="rounded-lg border border-zinc-200 px-3 py-2 text-sm" data-testid="peer-message">
              <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                <span>{m.direction === "in" ? "Received" : "Sent"}</span>
                <StateBadge tone={STATUS_TONE[m.status]}>{m.status}</StateBadge>
              </div>
              <p className="mt-1 break-words whitespace-pre-wrap text-zinc-900">{m.text}</p>
              {m.error && <p className="mt-1 text-xs break-words text-red-700">{m.error}</p>}
            </li>
          ))}
        </ul>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="secondary">Close</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
