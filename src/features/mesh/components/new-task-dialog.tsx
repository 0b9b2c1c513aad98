"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** Submits a task: routed by capability (or to a chosen agent), optionally in a shared space. */
export function NewTaskDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [task, setTask] = useState("");
  const [target, setTarget] = useState("");
  const [space, setSpace] = useState("");
  const agents = useQuery({ ...trpc.mesh.agents.queryOptions(), enabled: open });
  const spaces = useQuery({ ...trpc.mesh.spaces.queryOptions(), enabled: open });
  const submit = useMutation(
    trpc.mesh.submit.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.mesh.tasks.queryKey() });
        setTask("");
        onOpenChange(false);
      },
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="New task" description="It runs in the background; its status and result appear in the list.">
        <form
          aria-label="New task"
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            submit.mutate({ task: task.trim(), ...(target ? { target } : {}), ...(space ? { space_id: space } : {}) });
          }}
        >
          <Field label="Task">
            <Textarea value={task} onChange={(e) => setTask(e.target.value)} required rows={4} maxLength={20_000} placeholder="Help me write a sorting algorithm" />
          </Field>
          <Field label="Agent">
            <Select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Route by capability</option>
              {agents.data?.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Shared space" hint="The task gets the space's earlier messages as context">
            <Select value={space} onChange={(e) => setSpace(e.target.value)}>
              <option value="">None</option>
              {spaces.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {String(s.metadata.name ?? s.id)}
                </option>
              ))}
            </Select>
          </Field>
          {submit.isError && <Alert>{errorText(submit.error)}</Alert>}
          <DialogFooter className="mt-2">
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.isPending}>
              Submit task
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
