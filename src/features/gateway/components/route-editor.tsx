"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { QueryList } from "@/components/ui/query-list";
import { Select } from "@/components/ui/select";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { Overview } from "./types";

const SLOTS = ["First", "Then", "Then"] as const;

/** The caller's routes: a model name pattern and the configs that answer it, in fallback order. */
export function RouteEditor({ configs }: { configs: Overview["configs"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const routes = useQuery(trpc.gateway.routes.list.queryOptions());
  const [pattern, setPattern] = useState("");
  const [chain, setChain] = useState<string[]>(["", "", ""]);
  const [error, setError] = useState<string | undefined>();
  const nameOf = (id: string) => configs.find((c) => c.id === id)?.name ?? "(deleted)";
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.gateway.routes.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.gateway.overview.queryKey() });
  };
  const create = useMutation(
    trpc.gateway.routes.create.mutationOptions({
      onSuccess: async () => {
        toast.success("Route added");
        setPattern("");
        setChain(["", "", ""]);
        setError(undefined);
        await refresh();
      },
      onError: (e) => setError(errorText(e)),
    }),
  );
  const remove = useMutation(
    trpc.gateway.routes.remove.mutationOptions({
      onSuccess: async () => {
        toast.success("Route removed");
        await refresh();
      },
      onError: (e) => toast.error(errorText(e)),
    }),
  );
  const picked = chain.filter(Boolean);

  return (
    <div className="space-y-4">
      <QueryList
        query={routes}
        what="your routes"
        isEmpty={(d) => d.length === 0}
        empty={<p className="text-sm text-zinc-600">No routes yet: each model name goes to the configs serving it, then to your default model.</p>}
      >
        {(data) => (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
            {data.map((r) => (
              <li key={r.id} className="flex items-center justify-between gap-3 px-3 py-2">
                <div className="min-w-0 text-sm">
                  <span className="font-mono font-medium text-zinc-900">{r.pattern}</span>
                  <span className="text-zinc-600"> → {r.chain.map(nameOf).join(" → ")}</span>
                </div>
                <Button variant="ghost" size="sm" aria-label={`Remove the route ${r.pattern}`} disabled={remove.isPending} onClick={() => remove.mutate({ id: r.id })}>
                  <TrashIcon />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      <form
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ pattern, chain: picked, position: routes.data?.length ?? 0 });
        }}
      >
        <Field label="Model name or pattern" hint="e.g. deepseek-* or fast" error={error} className="lg:col-span-2">
          <Input value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="deepseek-*" required maxLength={200} />
        </Field>
        {SLOTS.map((label, i) => (
          <Field key={i} label={`${label} (${i + 1})`}>
            <Select
              value={chain[i]}
              onChange={(e) => setChain((c) => c.map((v, j) => (j === i ? e.target.value : v)))}
            >
              <option value="">{i === 0 ? "Choose a model" : "None"}</option>
              {configs.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.model})
                </option>
              ))}
            </Select>
          </Field>
        ))}
        <div className="lg:col-span-5">
          <Button type="submit" disabled={create.isPending || !pattern.trim() || picked.length === 0}>
            Add route
          </Button>
        </div>
      </form>
    </div>
  );
}
