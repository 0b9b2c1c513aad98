import "server-only";
import { dehydrate, HydrationBoundary, type FetchQueryOptions } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { createTrpcContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";

/**
 * Server-side prefetch for pages, one pattern everywhere:
 *
 *   await prefetch(trpc.a.queryOptions(), trpc.b.queryOptions());
 *   return <HydrateClient><View /></HydrateClient>;
 *
 * Awaited, so the server's HTML and the browser's first render read the same data (a prefetch
 * left pending reaches the browser after the server rendered a skeleton: a hydration mismatch).
 */
export const getQueryClient = cache(() => {
  const client = makeQueryClient();
  // The page waits for its prefetches, so no retries here: a failure is left to the browser, which retries.
  const defaults = client.getDefaultOptions();
  client.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return client;
});

export const trpc = createTRPCOptionsProxy({
  ctx: async () => createTrpcContext(new Request("http://internal/", { headers: await headers() })),
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** Runs the queries in parallel and waits for all. A failed query is not dehydrated: the browser asks again and shows its error. */
export async function prefetch(...queries: { queryKey: readonly unknown[] }[]) {
  const client = getQueryClient();
  await Promise.all(queries.map((options) => client.prefetchQuery(options as FetchQueryOptions)));
}
