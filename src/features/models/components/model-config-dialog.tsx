"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorText, trpcIssueErrors, type FieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { ModelConfigDto } from "../schemas";
import { draftOf, patchOf, type Draft } from "./config-draft";

const PROVIDERS = [
  { value: "openai-compatible", label: "OpenAI-compatible (DeepSeek, Groq, Ollama…)" },
  { value: "openai", label: "OpenAI" },
  { value: "anthropic", label: "Anthropic" },
  { value: "builtin", label: "Built-in offline model (no AI)" },
] as const;

/** Create (target "new") or edit a model config. The key is write-only. */
export function ModelConfigDialog({ target, onClose }: { target: ModelConfigDto | "new" | null; onClose: () => void }) {
  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && onClose()}>
      {target !== null && (
        <DialogContent title={target === "new" ? "Add a model" : `Edit ${target.name}`} className="sm:max-w-lg">
          <ConfigForm key={target === "new" ? "new" : target.id} existing={target === "new" ? null : target} onDone={onClose} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function ConfigForm({ existing, onDone }: { existing: ModelConfigDto | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(existing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const handlers = {
    onSuccess: async () => {
      toast.success(existing ? "Model saved" : "Model added");
      await queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
      onDone();
    },
    onError: (error: { message: string; data?: { issues?: { path: string; message: string }[] | null } | null }) => {
      const found = trpcIssueErrors(error, "patch");
      setErrors(found);
      if (Object.keys(found).length === 0) toast.error(errorText(error));
    },
  };
  const create = useMutation(trpc.models.create.mutationOptions(handlers));
  const update = useMutation(trpc.models.update.mutationOptions(handlers));
  const builtin = draft.provider === "builtin";

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!draft.name.trim()) problems.name = "Give it a name";
    if (!builtin && !draft.model_name.trim()) problems.model_name = "Name the model, e.g. deepseek-chat";
    if (draft.provider === "openai-compatible" && !draft.base_url.trim()) problems.base_url = "An OpenAI-compatible endpoint needs its base URL";
    if (draft.temperature && !(Number(draft.temperature) >= 0 && Number(draft.temperature) <= 2)) problems.temperature = "Temperature is between 0 and 2";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const body = patchOf(draft);
    if (existing) update.mutate({ id: existing.id, patch: body });
    else create.mutate(body as Parameters<typeof create.mutate>[0]);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field label="Name" error={errors.name}>
        <Input value={draft.name} onChange={(e) => set("name", e.target.value)} placeholder="DeepSeek" autoComplete="off" />
      </Field>
      <Field label="Provider" error={errors.provider}>
        <Select value={draft.provider} onChange={(e) => set("provider", e.target.value as Draft["provider"])}>
          {PROVIDERS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </Select>
      </Field>
      {!builtin && (
        <>
          <Field label="Base URL" error={errors.base_url} hint={draft.provider === "openai-compatible" ? "e.g. https://api.deepseek.com/v1 or http://localhost:11434/v1" : "Optional: leave empty for the provider's own API."}>
            <Input type="url" value={draft.base_url} onChange={(e) => set("base_url", e.target.value)} placeholder="https://…" autoComplete="off" />
          </Field>
          <Field label="Model name" error={errors.model_name}>
            <Input value={draft.model_name} onChange={(e) => set("model_name", e.target.value)} placeholder="deepseek-chat" autoComplete="off" />
          </Field>
          <Field label="API key" error={errors.api_key} hint={existing?.has_key ? "A key is saved. Type a new one to replace it." : "Stored encrypted; never shown again."}>
            <Input
              type="password"
              value={draft.api_key}
              onChange={(e) => set("api_key", e.target.value)}
              placeholder={existing?.has_key && !draft.remove_key ? "••• saved" : "sk-…"}
              autoComplete="new-password"
              disabled={draft.remove_key}
            />
          </Field>
          {existing?.has_key && <Checkbox label="Remove the saved key" checked={draft.remove_key} onChange={(e) => set("remove_key", e.target.checked)} />}
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Temperature" error={errors.temperature} hint="Optional, 0 to 2">
          <Input type="number" inputMode="decimal" min={0} max={2} step={0.1} value={draft.temperature} onChange={(e) => set("temperature", e.target.value)} />
        </Field>
        <Field label="Max tokens" error={errors.max_tokens} hint="Optional">
          <Input type="number" inputMode="numeric" min={1} value={draft.max_tokens} onChange={(e) => set("max_tokens", e.target.value)} />
        </Field>
      </div>
      <Checkbox label="Default model" description="Used by bare chat and by agents that name only a provider." checked={draft.is_default} onChange={(e) => set("is_default", e.target.checked)} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={create.isPending || update.isPending}>
          {existing ? "Save" : "Add model"}
        </Button>
      </DialogFooter>
    </form>
  );
}
