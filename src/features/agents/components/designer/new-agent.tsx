"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { AgentFormFields } from "./agent-form";
import { payloadOf, serverErrors } from "./form-model";

export function NewAgent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [errors, setErrors] = useState<ReturnType<typeof serverErrors>>({});
  const create = useMutation(
    trpc.agents.create.mutationOptions({
      onSuccess: async (agent) => {
        toast.success(`${agent.name} created (v${agent.version})`);
        await queryClient.invalidateQueries({ queryKey: trpc.agents.list.pathKey() });
        router.push(`/agents/${agent.id}`);
      },
      onError: (error) => {
        const fieldErrors = serverErrors(error.data?.issues);
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length === 0) toast.error(errorText(error));
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="New agent"
        description="Give it a prompt, a model and tools. You can chat with it once it is saved."
        actions={
          <Button variant="secondary" asChild>
            <Link href="/agents">Cancel</Link>
          </Button>
        }
      />
      <Card>
        <CardBody>
          <AgentFormFields saving={create.isPending} serverErrors={errors} onSave={(form) => create.mutate(payloadOf(form))} />
        </CardBody>
      </Card>
    </>
  );
}
