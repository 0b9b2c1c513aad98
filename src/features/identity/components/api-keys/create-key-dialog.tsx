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
import { useTRPC } from "@/lib/trpc/client";
import { errorText, trpcFieldErrors } from "@/lib/form-errors";
import { apiKeyCreate } from "../../schemas";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  origin: string;
}

/** Name a key, then see it once. Closing the dialog forgets the key. */
export function CreateKeyDialog({ open, onOpenChange, origin }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.identity.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setCreated(key.key);
        void queryClient.invalidateQueries({ queryKey: trpc.identity.apiKeys.list.queryKey() });
      },
      onError: (err) => {
        const fields = trpcFieldErrors(err, ["name"]);
        if (fields?.name) setError(fields.name);
        else toast.error(errorText(err));
      },
    }),
  );

  function onChange(next: boolean) {
    if (!next) {
      setName("");
      setError(undefined);
      setCreated(null);
    }
    onOpenChange(next);
  }

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = apiKeyCreate.safeParse({ name });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    create.mutate(parsed.data);
  }

  return (
    <Dialog open={open} onOpenChange={onChange}>
      {created ? (
        <DialogContent
          title="Copy your new key"
          description="This is the only time the full key is shown."
          className="sm:max-w-lg"
          onInteractOutside={(e) => e.preventDefault()}
        >
          <div className="flex flex-col gap-4">
            <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-2 pl-3">
              <code data-testid="new-api-key" className="min-w-0 flex-1 font-mono text-sm break-all text-zinc-900 select-all">
                {created}
              </code>
              <CopyButton value={created} what="API key" variant="primary" />
            </div>
            <Alert tone="warning">Store it somewhere safe now. It won&apos;t be shown again; if you lose it, revoke it and create another.</Alert>
            <div>
              <p className="mb-1.5 text-sm font-medium text-zinc-800">Try it</p>
              <pre className="rounded-lg bg-zinc-900 px-3 py-2.5 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-zinc-100">
                curl -H &quot;Authorization: Bearer {created}&quot; {origin}/api/v1/users/me
              </pre>
            </div>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button>Done</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent title="Create an API key" description="Name it after where you'll use it, so you know which to revoke later.">
          <form onSubmit={onSubmit} noValidate>
            <Field label="Name" error={error}>
              <Input name="name" placeholder="e.g. Laptop scripts" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            </Field>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
