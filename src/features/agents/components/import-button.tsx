"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

interface Issue {
  path: string;
  message: string;
}

/** Pick an exported agent JSON file; import it, or list what is wrong with it, field by field. */
export function ImportButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<Issue[] | null>(null);
  const importAgent = useMutation(
    trpc.agents.import.mutationOptions({
      onSuccess: async (agent) => {
        toast.success(`Imported ${agent.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
        router.push(`/agents/${agent.id}`);
      },
      onError: (error) => {
        const issues = (error.data as { issues?: Issue[] | null } | undefined)?.issues;
        if (issues?.length) setProblems(issues);
        else setProblems([{ path: "", message: errorText(error) }]);
      },
    }),
  );

  async function onFile(file: File) {
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      setProblems([{ path: "", message: `${file.name} is not valid JSON` }]);
      return;
    }
    importAgent.mutate(doc as Parameters<typeof importAgent.mutate>[0]);
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Agent JSON file to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void onFile(file);
        }}
      />
      <Button variant="secondary" loading={importAgent.isPending} onClick={() => input.current?.click()}>
        Import
      </Button>
      <Dialog open={problems !== null} onOpenChange={(open) => !open && setProblems(null)}>
        <DialogContent title="This file cannot be imported" description="Fix these fields in the JSON and try again.">
          <Alert>
            <ul className="list-disc space-y-1 pl-4">
              {problems?.map((p, i) => (
                <li key={i}>
                  {p.path && <code className="mr-1 font-mono text-xs font-semibold">{p.path}</code>}
                  {p.message}
                </li>
              ))}
            </ul>
          </Alert>
        </DialogContent>
      </Dialog>
    </>
  );
}
