"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { ModelConfigDto } from "../schemas";

type TestOutcome = { ok: boolean; latency_ms: number; error?: string } | { ok: false; error: string; latency_ms?: undefined };

export function ModelConfigRow({ config: c, onEdit, onDelete }: { config: ModelConfigDto; onEdit: () => void; onDelete: () => void }) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const test = useMutation(
    trpc.models.test.mutationOptions({
      onMutate: () => setOutcome(null),
      onSuccess: (r) => setOutcome(r),
      onError: (error) => setOutcome({ ok: false, error: errorText(error) }),
    }),
  );
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:px-5 md:flex-row md:items-center">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
          {c.is_default && (
            <span className="text-amber-500" title="Default model" aria-label="Default model">
              ★
            </span>
          )}
          {c.name}
          <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-normal text-zinc-700">{c.provider}</span>
          {c.provider !== "builtin" && (
            <span className={c.has_key ? "rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-normal text-emerald-700" : "rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-normal text-zinc-500"}>
              {c.has_key ? "key saved" : "no key"}
            </span>
          )}
        </p>
        <p className="mt-0.5 truncate font-mono text-xs text-zinc-500">
          {c.model_name}
          {c.base_url && ` · ${c.base_url}`}
        </p>
        {c.label && <p className="mt-0.5 text-xs text-zinc-500">{c.label}</p>}
        {outcome && (
          <p role="status" className={outcome.ok ? "mt-1 text-sm text-emerald-700" : "mt-1 text-sm text-red-700"}>
            {outcome.ok ? `Connected · ${outcome.latency_ms} ms` : `Failed${outcome.latency_ms !== undefined ? ` after ${outcome.latency_ms} ms` : ""}: ${outcome.error}`}
          </p>
        )}
      </div>
      <div className="flex shrink-0 gap-1.5">
        <Button size="sm" variant="secondary" loading={test.isPending} onClick={() => test.mutate({ id: c.id })} aria-label={`Test connection of ${c.name}`}>
          Test connection
        </Button>
        <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${c.name}`}>
          Edit
        </Button>
        <Button size="sm" variant="danger-ghost" onClick={onDelete} aria-label={`Delete ${c.name}`}>
          Delete
        </Button>
      </div>
    </li>
  );
}
