"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { errorText, trpcIssueErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** "New workflow": a name, then the editor with a start and an end node. */
export function NewWorkflowDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const create = useMutation(
    trpc.workflows.create.mutationOptions({
      onSuccess: async (workflow) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
        router.push(`/workflows/${workflow.id}`);
      },
      onError: (e) => setError(trpcIssueErrors(e).name ?? errorText(e)),
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(undefined);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <PlusIcon /> New workflow
        </Button>
      </DialogTrigger>
      <DialogContent title="New workflow" description="It starts with a Start and an End node; add steps between them in the editor.">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return setError("Give it a name");
            create.mutate({ name: name.trim() });
          }}
        >
          <Field label="Name" error={error}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="Summarise support tickets" autoFocus />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={create.isPending || create.isSuccess}>
              Create workflow
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
