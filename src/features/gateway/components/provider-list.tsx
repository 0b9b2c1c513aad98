"use client";

import clsx from "clsx";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Select } from "@/components/ui/select";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { Overview } from "./types";

const circuitText = { closed: "Circuit closed", open: "Circuit open", half_open: "Circuit half-open" } as const;

/** Each provider (model config) with its availability, circuit state, quota and where the quota is read. */
export function ProviderList({ data }: { data: Overview }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setSource = useMutation(
    trpc.gateway.setQuotaSource.mutationOptions({
      onSuccess: async () => {
        toast.success("Quota source saved");
        await queryClient.invalidateQueries({ queryKey: trpc.gateway.overview.queryKey() });
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  return (
    <ul className="divide-y divide-zinc-100">
      {data.providers.map((p) => (
        <li key={p.id} className="flex flex-col gap-2 px-5 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-zinc-900">
              <span className={clsx("inline-block size-2 rounded-full", p.available ? "bg-emerald-500" : "bg-red-500")} aria-hidden />
              <span className="truncate">{p.name}</span>
              <span className="font-mono text-xs text-zinc-500">{p.model}</span>
              <span className="sr-only">{p.available ? "available" : "unavailable"}</span>
            </p>
            <p className="mt-0.5 text-xs text-zinc-600">
              <span className={clsx(p.circuit.state !== "closed" && "font-medium text-red-700")}>{circuitText[p.circuit.state]}</span>
              {" · "}
              {p.summary}
            </p>
          </div>
          {p.provider !== "builtin" && p.id in data.quotaSources && (
            <label className="flex items-center gap-2 text-xs text-zinc-600">
              Quota from
              <Select
                className="w-36"
                value={data.quotaSources[p.id]}
                disabled={setSource.isPending}
                onChange={(e) => setSource.mutate({ modelConfigId: p.id, source: e.target.value as "auto" })}
              >
                <option value="auto">Auto (by URL)</option>
                <option value="deepseek">DeepSeek balance</option>
                <option value="openrouter">OpenRouter credits</option>
                <option value="none">Not tracked</option>
              </Select>
            </label>
          )}
        </li>
      ))}
    </ul>
  );
}
