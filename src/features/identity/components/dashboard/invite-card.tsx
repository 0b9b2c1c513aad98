"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorState } from "@/components/ui/error-state";
import { UsersIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";

export function InviteCard({ origin }: { origin: string }) {
  const trpc = useTRPC();
  const invite = useQuery(trpc.identity.inviteCode.queryOptions());

  return (
    <Card aria-labelledby="invite-title">
      <CardHeader title={<span id="invite-title">Your invite code</span>} description="Share it: people who sign up with it are linked to you." />
      <CardBody>
        {invite.isError ? (
          <ErrorState className="py-6" title="Could not load your invite code" message={errorText(invite.error)} onRetry={() => invite.refetch()} retrying={invite.isFetching} />
        ) : !invite.data ? (
          <div className="flex flex-col gap-3" aria-busy="true">
            <span className="sr-only">Loading your invite code</span>
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : (
          <InviteDetails code={invite.data.code} invited={invite.data.invited} origin={origin} />
        )}
      </CardBody>
    </Card>
  );
}

function InviteDetails({ code, invited, origin }: { code: string; invited: number; origin: string }) {
  const link = `${origin}/sign-up?invite=${encodeURIComponent(code)}`;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-dashed border-brand-200 bg-brand-50/50 px-4 py-3">
        <span className="font-mono text-xl font-semibold tracking-[0.2em] text-zinc-900 select-all" data-testid="invite-code">
          {code}
        </span>
        <CopyButton value={code} what="invite code" />
      </div>
      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-800" id="invite-link-label">
          Sign-up link
        </p>
        <div className="flex gap-2">
          <input
            readOnly
            value={link}
            aria-labelledby="invite-link-label"
            onFocus={(e) => e.currentTarget.select()}
            className="h-9 min-w-0 flex-1 rounded-lg border border-zinc-200 bg-zinc-50 px-3 font-mono text-xs text-zinc-700"
          />
          <CopyButton value={link} what="sign-up link" />
        </div>
      </div>
      <p className="flex items-center gap-2 text-sm text-zinc-600">
        <UsersIcon className="text-zinc-400" />
        {invited === 0 ? "Nobody has joined with your code yet." : `${invited} ${invited === 1 ? "person has" : "people have"} joined with your code.`}
      </p>
    </div>
  );
}
