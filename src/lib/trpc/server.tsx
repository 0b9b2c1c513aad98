import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { createTrpcContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";

/** Server-side prefetch for pages: `prefetch(trpc.identity.me.queryOptions())` then <HydrateClient>. */
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  ctx: async () => createTrpcContext(new Request("http://internal/", { headers: await headers() })),
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

export function prefetch(options: { queryKey: readonly unknown[] }) {
  void getQueryClient().prefetchQuery(options as Parameters<ReturnType<typeof getQueryClient>["prefetchQuery"]>[0]);
}
