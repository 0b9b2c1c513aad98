"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { errorText, trpcIssueErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** 32 random bytes as base64url, made in the browser: the secret both instances will store. */
function newSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Link another Atrium: its URL and a secret that the other side stores for this instance's URL too. */
export function AddPeerDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: "", address: "", secret: "" });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const add = useMutation(
    trpc.network.addPeer.mutationOptions({
      onSuccess: (peer) => {
        toast.success(`Added ${peer.name}; it connects once the other side has added this instance too`);
        void queryClient.invalidateQueries({ queryKey: trpc.network.peers.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.network.status.queryKey() });
        close(false);
      },
      onError: (err) => {
        const fields = trpcIssueErrors(err);
        setErrors(Object.keys(fields).length ? fields : { form: errorText(err) });
      },
    }),
  );
  function close(next: boolean) {
    if (!next) {
      setForm({ name: "", address: "", secret: "" });
      setErrors({});
    }
    onOpenChange(next);
  }
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent title="Add a peer" description="Another Atrium instance. Every request between the two is signed with the shared secret.">
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setErrors({});
            add.mutate({ address: form.address, secret: form.secret, ...(form.name.trim() ? { name: form.name.trim() } : {}) });
          }}
        >
          {errors.form && <Alert>{errors.form}</Alert>}
          <Field label="Address" error={errors.address} hint="The other instance's base URL, e.g. https://atrium.example.org">
            <Input value={form.address} onChange={set("address")} placeholder="https://" inputMode="url" autoComplete="off" required />
          </Field>
          <Field label="Name" error={errors.name} hint="Optional; the address's host when left empty">
            <Input value={form.name} onChange={set("name")} maxLength={100} autoComplete="off" />
          </Field>
          <Field
            label="Shared secret"
            error={errors.secret}
            hint="At least 24 characters. Add this instance on the other side with the same secret."
            aside={
              <span className="flex gap-1">
                <Button type="button" variant="ghost" size="sm" onClick={() => setForm((f) => ({ ...f, secret: newSecret() }))}>
                  Generate
                </Button>
                {form.secret && <CopyButton value={form.secret} what="secret" variant="ghost" />}
              </span>
            }
          >
            <Input value={form.secret} onChange={set("secret")} className="font-mono" autoComplete="off" spellCheck={false} required />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={add.isPending}>Add peer</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
