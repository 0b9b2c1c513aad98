"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { ProfileForm } from "./profile-form";

export function ProfileView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.identity.me.queryOptions());

  if (me.isError) {
    return (
      <Card>
        <ErrorState title="Could not load your profile" message={errorText(me.error)} onRetry={() => me.refetch()} retrying={me.isFetching} />
      </Card>
    );
  }
  if (!me.data) return <ProfileSkeleton />;

  return (
    <div className="flex flex-col gap-6">
      <ProfileForm key={me.data.id} me={me.data} />
      <Card aria-labelledby="account-title">
        <CardHeader title={<span id="account-title">Account</span>} description="Only you see these." />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field label="E-mail" hint={me.data.email_confirmed_at ? "Confirmed" : "Not confirmed yet"}>
            <Input type="email" value={me.data.email} readOnly />
          </Field>
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium text-zinc-800">Member since</span>
            <LocalTime value={me.data.created_at} className="flex items-center text-sm text-zinc-700 sm:h-10" />
          </div>
        </CardBody>
      </Card>
    </div>
  );
}

function ProfileSkeleton() {
  return (
    <div className="flex flex-col gap-6" aria-busy="true">
      <span className="sr-only">Loading your profile</span>
      <Card className="p-6">
        <div className="flex items-center gap-4">
          <Skeleton className="size-20 rounded-full" />
          <div className="flex flex-col gap-2">
            <Skeleton className="h-5 w-40" />
            <Skeleton className="h-4 w-24" />
          </div>
        </div>
        <div className="mt-8 flex flex-col gap-5">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-24 w-full" />
        </div>
      </Card>
    </div>
  );
}
