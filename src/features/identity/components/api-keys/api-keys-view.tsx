"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";
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
        <QueryList
          query={keys}
          what="your keys"
          skeleton={<ListSkeleton label="Loading your keys" action />}
          isEmpty={(data) => data.length === 0}
          empty={<EmptyState icon={<KeyIcon />} title="No keys yet" description="Create a key to call the API from curl, a script or an agent." action={createButton} />}
        >
          {(data) => <ApiKeyList keys={data} onRevoke={setRevoking} />}
        </QueryList>
      </Card>
      <CreateKeyDialog open={creating} onOpenChange={setCreating} origin={origin} />
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
