"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PlusIcon, TerminalIcon } from "@/components/ui/icons";
import { QueryList } from "@/components/ui/query-list";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { ModelConfigDto } from "../schemas";
import { ModelConfigDialog } from "./model-config-dialog";
import { ModelConfigRow } from "./model-config-row";
import { PriceTable } from "./price-table";

export function ModelsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const configs = useQuery(trpc.models.list.queryOptions());
  const [editing, setEditing] = useState<ModelConfigDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<ModelConfigDto | null>(null);
  const remove = useMutation(
    trpc.models.remove.mutationOptions({
      onSuccess: async () => {
        toast.success("Model config deleted");
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.models.list.queryKey() });
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const addButton = (
    <Button onClick={() => setEditing("new")}>
      <PlusIcon />
      Add model
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Models"
        description="Connect your own providers (OpenAI-compatible endpoints such as DeepSeek, Groq or Ollama, OpenAI, Anthropic). Keys are encrypted and never shown again."
        actions={configs.data?.length ? addButton : undefined}
      />
      <Card className="overflow-hidden">
        <QueryList
          query={configs}
          what="your models"
          isEmpty={(data) => data.length === 0}
          empty={
            <EmptyState
              icon={<TerminalIcon />}
              title="No models yet"
              description="Agents without a model use the built-in offline model (no AI). Add a provider to use a real one."
              action={addButton}
            />
          }
        >
          {(data) => (
            <ul className="divide-y divide-zinc-100">
              {data.map((c) => (
                <ModelConfigRow key={c.id} config={c} onEdit={() => setEditing(c)} onDelete={() => setDeleting(c)} />
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      <PriceTable />
      <ModelConfigDialog target={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "this model"}?`}
        description="Its saved key is destroyed. An agent still using it must be switched to another model first."
        confirmLabel="Delete model"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}
