"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Card, CardBody } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { Tabs, tabId, tabPanelId } from "@/components/ui/tabs";
import { ChatPanel } from "@/features/chat/components/chat-panel";
import { ShareAgentButton } from "@/features/permissions/components/share-dialog";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { AgentActions } from "../agent-actions";
import { StatusBadge } from "../status-badge";
import { AgentFormFields } from "./agent-form";
import { payloadOf, serverErrors } from "./form-model";
import { VersionsPanel } from "./versions-panel";

type Pane = "design" | "chat";

/** The Agent Designer: the form and versions on the left, the chat playground on the right (a tab on phones). */
export function AgentDesigner({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const agent = useQuery(trpc.agents.get.queryOptions({ id }));
  const [pane, setPane] = useState<Pane>("design");
  const [errors, setErrors] = useState<ReturnType<typeof serverErrors>>({});
  const [savedNote, setSavedNote] = useState<string>();
  const update = useMutation(
    trpc.agents.update.mutationOptions({
      onSuccess: async (saved) => {
        setErrors({});
        const before = queryClient.getQueryData(trpc.agents.get.queryKey({ id }))?.version;
        const note = before === saved.version ? "No changes to save" : `v${saved.version} saved`;
        setSavedNote(note);
        toast.success(note);
        queryClient.setQueryData(trpc.agents.get.queryKey({ id }), saved);
        await queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
      },
      onError: (error) => {
        const fieldErrors = serverErrors(error.data?.issues);
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length === 0) toast.error(errorText(error));
      },
    }),
  );

  if (agent.isError) {
    return <ErrorState title="Could not load this agent" message={errorText(agent.error)} onRetry={() => agent.refetch()} retrying={agent.isFetching} />;
  }
  if (!agent.data) return <DesignerSkeleton />;
  const a = agent.data;

  return (
    <div>
      <Link href="/agents" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900">
        <ChevronLeftIcon className="size-4" />
        Agents
      </Link>
      <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-center gap-3">
          <h1 className="truncate text-2xl font-semibold tracking-tight text-zinc-900">{a.name}</h1>
          <StatusBadge status={a.status} />
          <span className="text-sm text-zinc-500 tabular-nums" data-testid="agent-version">
            v{a.version}
          </span>
        </div>
        <div className="flex items-center gap-1.5">
          <ShareAgentButton agentId={a.id} agentName={a.name} ownerId={a.owner_id} />
          <AgentActions agent={a} onDeleted={() => router.push("/agents")} />
        </div>
      </div>
      <Tabs
        className="mb-4 xl:hidden"
        idBase="designer"
        label="Designer panes"
        value={pane}
        onChange={setPane}
        items={[
          { value: "design", label: "Design" },
          { value: "chat", label: "Playground" },
        ]}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <div className={pane === "design" ? "flex flex-col gap-6" : "hidden xl:flex xl:flex-col xl:gap-6"} {...panelProps(pane, "design")}>
          <Card>
            <CardBody>
              <AgentFormFields
                key={a.version}
                agent={a}
                saving={update.isPending}
                serverErrors={errors}
                savedNote={savedNote}
                onSave={(form) => update.mutate({ id, patch: payloadOf(form, a) })}
              />
            </CardBody>
          </Card>
          <VersionsPanel agent={a} onRolledBack={(v) => setSavedNote(`Rolled back: v${v} saved`)} />
        </div>
        <div className={pane === "chat" ? "block" : "hidden xl:block"} {...panelProps(pane, "chat")}>
          <div className="xl:sticky xl:top-20">
            <ChatPanel agentId={a.id} agentName={a.name} />
            <p className="mt-2 text-right text-xs">
              <Link href={`/agents/${a.id}/chat`} className="text-brand-700 hover:underline">
                Open full-page chat
              </Link>
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The visible pane is the phone tabs' panel (on desktop both show and the tabs are hidden). */
const panelProps = (pane: Pane, own: Pane) => (pane === own ? { id: tabPanelId("designer"), role: "tabpanel" as const, "aria-labelledby": tabId("designer", own) } : {});

function DesignerSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-4">
      <span className="sr-only">Loading the agent</span>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-96 w-full" />
    </div>
  );
}

