"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { FlowNode } from "./graph";

/** Keeps the node's settings as one of the person's node templates (shown in the palette). */
export function SaveNodeTemplateButton({ node }: { node: FlowNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.workflows.nodeTemplates.create.mutationOptions({
      onSuccess: (template) => {
        toast.success(`Saved "${template.name}" to your node templates`);
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.nodeTemplates.pathKey() });
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  return (
    <Button variant="ghost" size="sm" className="self-start" loading={save.isPending} onClick={() => save.mutate({ name: node.data.name || node.id, node_type: node.data.type, config: node.data.config, description: "" })}>
      Save as node template
    </Button>
  );
}
