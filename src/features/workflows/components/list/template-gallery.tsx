"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** "Start from a template": each template becomes a new workflow of the person's, opened in the editor. */
export function TemplateGallery() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const templates = useQuery(trpc.workflows.templates.queryOptions());
  const create = useMutation(
    trpc.workflows.createFromTemplate.mutationOptions({
      onSuccess: async (workflow) => {
        toast.success(`Created ${workflow.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
        router.push(`/workflows/${workflow.id}`);
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  return (
    <section aria-labelledby="templates-heading" className="mt-10">
      <h2 id="templates-heading" className="mb-1 text-lg font-semibold text-zinc-900">
        Start from a template
      </h2>
      <p className="mb-4 text-sm text-zinc-600">Each runs on the built-in model without a key; change it to fit.</p>
      {templates.isError && <p className="text-sm text-red-700">Could not load the templates: {errorText(templates.error)}</p>}
      {!templates.data && !templates.isError && <Skeleton className="h-32 w-full" />}
      <ul className="grid gap-3 sm:grid-cols-2">
        {templates.data?.items.map((t) => (
          <Card as="li" key={t.id} className="flex flex-col gap-2 p-4">
            <h3 className="font-medium text-zinc-900">{t.name}</h3>
            <p className="flex-1 text-sm text-zinc-600">{t.description}</p>
            <p className="text-xs text-zinc-500">{t.node_types.join(" · ")}</p>
            <Button
              variant="secondary"
              size="sm"
              className="self-start"
              aria-label={`Use template ${t.name}`}
              loading={create.isPending && create.variables?.templateId === t.id}
              onClick={() => create.mutate({ templateId: t.id })}
            >
              Use template
            </Button>
          </Card>
        ))}
      </ul>
    </section>
  );
}
