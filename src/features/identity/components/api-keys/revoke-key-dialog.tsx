"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import type { ApiKeySummary } from "./api-key-list";

export function RevokeKeyDialog({ target, onClose }: { target: ApiKeySummary | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.identity.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success("Key revoked");
        await queryClient.invalidateQueries({ queryKey: trpc.identity.apiKeys.list.queryKey() });
        onClose();
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );

  return (
    <ConfirmDialog
      open={target !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Revoke this key?"
      description={
        <>
          Anything using <strong className="font-medium text-zinc-900">{target?.name}</strong> (
          <code className="font-mono text-xs">{target?.prefix}…</code>) stops working at once. This cannot be undone.
        </>
      }
      confirmLabel="Revoke key"
      pending={revoke.isPending}
      onConfirm={() => target && revoke.mutate({ id: target.id })}
    />
  );
}
