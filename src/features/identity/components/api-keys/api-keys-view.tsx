"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { ApiKeyList, type ApiKeySummary } from "./api-key-list";
import { CreateKeyDialog } from "./create-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";

export function ApiKeysView({ origin }: { origin: string }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.identity.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <PlusIcon />
      Create key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description="Personal keys let scripts and agents call the Atrium API as you. Treat them like passwords."
        actions={keys.data?.length ? createButton : undefined}
      />
      <Card className="overflow-hidden">
        {keys.isError ? (
          <ErrorState title="Could not load your keys" message={errorText(keys.error)} onRetry={() => keys.refetch()} retrying={keys.isFetching} />
        ) : !keys.data ? (
          <ListSkeleton />
        ) : keys.data.length === 0 ? (
          <EmptyState
            icon={<KeyIcon />}
            title="No keys yet"
            description="Create a key to call the API from curl, a script or an agent."
            action={createButton}
          />
        ) : (
          <ApiKeyList keys={keys.data} onRevoke={setRevoking} />
        )}
      </Card>
      <CreateKeyDialog open={creating} onOpenChange={setCreating} origin={origin} />
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

function ListSkeleton() {
  return (
    <div className="divide-y divide-zinc-100" aria-busy="true">
      <span className="sr-only">Loading your keys</span>
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex items-center gap-4 px-5 py-4">
          <div className="flex flex-1 flex-col gap-2">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3 w-48" />
          </div>
          <Skeleton className="h-8 w-20" />
        </div>
      ))}
    </div>
  );
}
