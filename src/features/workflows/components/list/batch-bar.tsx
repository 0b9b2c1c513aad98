"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { downloadJson } from "@/lib/download";

/** seed 004's batch endpoints, called with the session cookie (there is no tRPC twin). */
async function batch<T>(path: "export" | "delete", ids: string[]): Promise<T> {
  const response = await fetch(`/api/v1/batch/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ workflow_ids: ids }) });
  const body = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `Request failed (${response.status})`);
  return body;
}

/** Shown while workflows are chosen: export them into one file, or delete them (after confirming). */
export function BatchBar({ chosen, onDone }: { chosen: string[]; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState<"export" | "delete" | null>(null);
  if (chosen.length === 0) return null;
  const n = `${chosen.length} ${chosen.length === 1 ? "workflow" : "workflows"}`;

  async function run(kind: "export" | "delete") {
    setBusy(kind);
    try {
      if (kind === "export") {
        const result = await batch<{ items: unknown[] }>("export", chosen);
        downloadJson(`workflows-${new Date().toISOString().slice(0, 10)}.json`, result.items);
      } else {
        const result = await batch<{ deleted: string[] }>("delete", chosen);
        toast.success(`Deleted ${result.deleted.length} ${result.deleted.length === 1 ? "workflow" : "workflows"}`);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
        setConfirm(false);
        onDone();
      }
    } catch (error) {
      toast.error(errorText(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div role="region" aria-label="Chosen workflows" className="mb-3 flex flex-wrap items-center gap-2 rounded-xl border border-brand-100 bg-brand-50 px-4 py-2 text-sm">
      <span className="mr-auto font-medium text-brand-700">{n} chosen</span>
      <Button variant="secondary" size="sm" loading={busy === "export"} onClick={() => void run("export")}>
        Export
      </Button>
      <Button variant="danger" size="sm" onClick={() => setConfirm(true)}>
        Delete
      </Button>
      <Button variant="ghost" size="sm" onClick={onDone}>
        Clear
      </Button>
      <ConfirmDialog open={confirm} onOpenChange={setConfirm} title={`Delete ${n}?`} description="Their versions, schedules and webhook go too; run history stays readable." confirmLabel="Delete" pending={busy === "delete"} onConfirm={() => void run("delete")} />
    </div>
  );
}
