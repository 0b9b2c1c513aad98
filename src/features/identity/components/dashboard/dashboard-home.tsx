"use client";

import { useQuery } from "@tanstack/react-query";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { ApiSnippet } from "./api-snippet";
import { InviteCard } from "./invite-card";
import { Overview } from "./overview";

export function DashboardHome({ origin }: { origin: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <WelcomeCard />
      <Overview />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <InviteCard origin={origin} />
        <ApiSnippet origin={origin} />
      </div>
    </div>
  );
}

function WelcomeCard() {
  const trpc = useTRPC();
  const me = useQuery(trpc.identity.me.queryOptions());

  if (me.isError) {
    return (
      <Card>
        <ErrorState title="Could not load your account" message={errorText(me.error)} onRetry={() => me.refetch()} retrying={me.isFetching} />
      </Card>
    );
  }
  return (
    <Card className="relative overflow-hidden">
      <div aria-hidden="true" className="absolute inset-y-0 right-0 w-1/2 bg-gradient-to-l from-brand-50 to-transparent" />
      <div className="relative flex items-center gap-4 p-5 sm:gap-5 sm:p-6">
        {me.data ? (
          <Avatar name={me.data.username} src={me.data.avatar_url} size="lg" />
        ) : (
          <Skeleton className="size-14 shrink-0 rounded-full" />
        )}
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900 sm:text-2xl">
            {me.data ? (
              <>
                Welcome, <span className="break-words">{me.data.username}</span>
              </>
            ) : (
              <>
                <span className="sr-only">Loading your account</span>
                <Skeleton className="h-7 w-48" />
              </>
            )}
          </h1>
          <p className="mt-1 text-sm text-zinc-600">Design agents and chat with them, plan your calendar with friends, and reach all of it through the API.</p>
        </div>
      </div>
    </Card>
  );
}
