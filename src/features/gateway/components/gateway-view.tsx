"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { CallActivity } from "./call-activity";
import { ClientSnippet } from "./client-snippet";
import { ProviderList } from "./provider-list";
import { RouteEditor } from "./route-editor";

export const CALLS_INPUT = { minutes: 60 };

/** /gateway: what /v1 serves (models, routes, fallback chains), provider health, and its traffic. */
export function GatewayView() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.gateway.overview.queryOptions(), refetchInterval: 10_000 });
  const calls = useQuery({ ...trpc.gateway.calls.queryOptions(CALLS_INPUT), refetchInterval: 5_000 });
  const header = (
    <PageHeader
      title="Model gateway"
      description="An OpenAI-compatible API (/v1) in front of your models: one key, fallback between providers, rate limits, and every call in your usage ledger."
      actions={
        <Button asChild variant="secondary">
          <Link href="/settings/models">Manage models</Link>
        </Button>
      }
    />
  );
  if (overview.isError)
    return (
      <>
        {header}
        <ErrorState title="Could not load the gateway" message={errorText(overview.error)} onRetry={() => overview.refetch()} retrying={overview.isFetching} />
      </>
    );
  if (!overview.data)
    return (
      <>
        {header}
        <Skeleton className="h-64 w-full" />
      </>
    );
  const data = overview.data;
  const firstModel = data.models.find((m) => m.owned_by !== "atrium")?.id ?? data.models[0]?.id ?? "atrium-builtin";

  return (
    <>
      {header}
      <div className="space-y-4">
        <ClientSnippet model={firstModel} />
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader title="Models" description="What GET /v1/models lists, and who answers each, in fallback order" />
            <ul className="divide-y divide-zinc-100" aria-label="Models served by the gateway">
              {data.models.map((m) => (
                <li key={m.id} className="px-5 py-3 sm:px-6">
                  <p className="font-mono text-sm font-medium break-all text-zinc-900">{m.id}</p>
                  <p className="mt-0.5 text-xs text-zinc-600">
                    {m.route ? <>Route {m.route}: </> : <>By name: </>}
                    {m.chain.length ? m.chain.map((t) => `${t.name} (${t.model})`).join(" → ") : "no provider"}
                  </p>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <CardHeader title="Providers" description="Health, circuit breaker and quota of each model config" />
            <ProviderList data={data} />
          </Card>
        </div>
        <Card>
          <CardHeader title="Routes" description="Send model names matching a pattern to a chain of models; the next one answers when one fails, is out of quota or its circuit is open." />
          <CardBody>
            <RouteEditor configs={data.configs} />
          </CardBody>
        </Card>
        {calls.isError ? (
          <ErrorState title="Could not load the request log" message={errorText(calls.error)} onRetry={() => calls.refetch()} retrying={calls.isFetching} />
        ) : calls.data ? (
          <CallActivity data={calls.data} />
        ) : (
          <Skeleton className="h-48 w-full" />
        )}
      </div>
    </>
  );
}
