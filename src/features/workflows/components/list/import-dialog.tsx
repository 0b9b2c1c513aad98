"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

interface Issue {
  path: string;
  message: string;
}

/** Import an exported workflow: pick the file or paste its JSON; what is wrong is listed field by field. */
export function ImportDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<Issue[]>([]);
  const importJson = useMutation(
    trpc.workflows.importJson.mutationOptions({
      onSuccess: async (workflow) => {
        toast.success(`Imported ${workflow.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
        router.push(`/workflows/${workflow.id}`);
      },
      onError: (error) => {
        const issues = (error.data as { issues?: Issue[] | null } | undefined)?.issues;
        setProblems(issues?.length ? issues.map((i) => ({ ...i, path: i.path.replace(/^data\.?/, "") })) : [{ path: "", message: errorText(error) }]);
      },
    }),
  );

  function submit(raw: string) {
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch (error) {
      setProblems([{ path: "", message: `Not valid JSON: ${(error as Error).message}` }]);
      return;
    }
    setProblems([]);
    importJson.mutate({ data: doc } as Parameters<typeof importJson.mutate>[0]);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setProblems([]);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">Import</Button>
      </DialogTrigger>
      <DialogContent title="Import a workflow" description="A file exported from Atrium (format atrium.workflow/v1), or its JSON pasted below.">
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            submit(text);
          }}
        >
          <Field label="File">
            <Input
              type="file"
              accept="application/json,.json"
              className="py-1.5"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (file) {
                  const content = await file.text();
                  setText(content);
                  submit(content);
                }
              }}
            />
          </Field>
          <Field label="Or paste the JSON">
            <Textarea value={text} onChange={(e) => setText(e.target.value)} rows={6} className="font-mono text-xs sm:text-xs" spellCheck={false} />
          </Field>
          {problems.length > 0 && (
            <Alert>
              <ul className="list-disc space-y-1 pl-4" aria-label="Problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.path && <code className="mr-1 font-mono text-xs font-semibold">{p.path}</code>}
                    {p.message}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          <DialogFooter className="mt-0">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={importJson.isPending} disabled={!text.trim()}>
              Import
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
