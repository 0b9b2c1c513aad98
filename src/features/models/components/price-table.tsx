"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** Micros per million tokens, shown as dollars per million tokens. */
const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(micros % 10_000 ? 4 : 2)}`;
const empty = { provider: "*", model: "", input: "", output: "" };

/** The price table metering uses for cost: defaults, overridden by yours. */
export function PriceTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prices = useQuery(trpc.models.prices.list.queryOptions());
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<string>();
  const save = useMutation(
    trpc.models.prices.set.mutationOptions({
      onSuccess: async (p) => {
        toast.success(`Price for ${p.model} saved`);
        setDraft(empty);
        await queryClient.invalidateQueries({ queryKey: trpc.models.prices.list.queryKey() });
      },
      onError: (e) => setError(errorText(e)),
    }),
  );

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = Number(draft.input);
    const output = Number(draft.output);
    if (!draft.model.trim()) return setError("Name the model");
    if (draft.input === "" || draft.output === "" || !(input >= 0) || !(output >= 0)) return setError("Give both prices in dollars per million tokens");
    setError(undefined);
    save.mutate({ provider: draft.provider.trim() || "*", model: draft.model.trim(), input_micros_per_mtok: Math.round(input * 1_000_000), output_micros_per_mtok: Math.round(output * 1_000_000) });
  }

  return (
    <Card className="mt-8">
      <CardHeader title="Prices" description={'Cost per million tokens, used to meter every model call. Set your own to override a default; provider "*" matches any provider.'} />
      <CardBody className="flex flex-col gap-5">
        {prices.isError && <p className="text-sm text-red-700">Could not load prices: {errorText(prices.error)}</p>}
        {!prices.data && !prices.isError && <Skeleton className="h-24 w-full" />}
        {prices.data && (
          <div className="max-h-72 overflow-auto rounded-lg border border-zinc-200">
            <table className="w-full text-left text-sm">
              <thead className="sticky top-0 bg-zinc-50 text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Provider</th>
                  <th scope="col" className="px-3 py-2 font-medium">Model</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Input</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Output</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Edit</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {prices.data.map((p) => (
                  <tr key={`${p.provider}/${p.model}`}>
                    <td className="px-3 py-1.5 text-zinc-600">{p.provider}</td>
                    <td className="px-3 py-1.5 font-mono text-xs">
                      {p.model}
                      {p.source === "user" && <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 font-sans text-[10px] text-brand-700">yours</span>}
                    </td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{dollars(p.input_micros_per_mtok)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{dollars(p.output_micros_per_mtok)}</td>
                    <td className="px-3 py-1.5 text-right">
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Edit the price of ${p.model}`}
                        onClick={() => setDraft({ provider: p.provider, model: p.model, input: String(p.input_micros_per_mtok / 1e6), output: String(p.output_micros_per_mtok / 1e6) })}
                      >
                        Edit
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form onSubmit={submit} noValidate className="grid items-end gap-3 sm:grid-cols-[7rem_1fr_7rem_7rem_auto]">
          <Field label="Provider">
            <Input value={draft.provider} onChange={(e) => setDraft({ ...draft, provider: e.target.value })} />
          </Field>
          <Field label="Model">
            <Input value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })} placeholder="deepseek-chat" />
          </Field>
          <Field label="Input $/M">
            <Input type="number" min={0} step="0.01" value={draft.input} onChange={(e) => setDraft({ ...draft, input: e.target.value })} />
          </Field>
          <Field label="Output $/M">
            <Input type="number" min={0} step="0.01" value={draft.output} onChange={(e) => setDraft({ ...draft, output: e.target.value })} />
          </Field>
          <Button type="submit" loading={save.isPending}>
            Set price
          </Button>
        </form>
        {error && <p role="alert" className="-mt-2 text-sm text-red-700">{error}</p>}
      </CardBody>
    </Card>
  );
}
