"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { downloadJson, exportFilename } from "@/lib/download";

/** Deploy/stop, duplicate, export and delete, shared by the list and the designer. */
export function useAgentActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
  const onError = (error: unknown) => toast.error(errorText(error));

  const deploy = useMutation(trpc.agents.deploy.mutationOptions({ onSuccess: (a) => (toast.success(`${a.name} deployed`), refresh()), onError }));
  const stop = useMutation(trpc.agents.stop.mutationOptions({ onSuccess: (a) => (toast.success(`${a.name} stopped`), refresh()), onError }));
  const duplicate = useMutation(
    trpc.agents.duplicate.mutationOptions({
      onSuccess: async (a) => {
        toast.success(`Created ${a.name}`, { action: { label: "Open", onClick: () => router.push(`/agents/${a.id}`) } });
        await refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.agents.remove.mutationOptions({ onSuccess: () => (toast.success("Agent deleted"), refresh()), onError }));

  async function exportAgent(id: string) {
    try {
      const doc = await queryClient.fetchQuery({ ...trpc.agents.export.queryOptions({ id }), staleTime: 0 });
      downloadJson(exportFilename(doc.agent.name, "agent"), doc);
    } catch (error) {
      onError(error);
    }
  }

  return { deploy, stop, duplicate, remove, exportAgent };
}
