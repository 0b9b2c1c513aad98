"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";
import { NewTaskDialog } from "./new-task-dialog";
import { RegisterAgentDialog } from "./register-agent-dialog";
import { SpacesCard } from "./spaces-card";
import { MeshStatus, When } from "./status";
import { useMeshLive } from "./use-mesh-live";

/** While a task waits or runs, the list also polls (the live stream is the fast path). */
const OPEN_TASK_POLL_MS = 3_000;

/**
 * The Agent mesh (seed 001's agents, tasks and spaces) for the signed-in person: registered agents
 * with capabilities and last seen, tasks with status and result (live), shared spaces; register an
 * agent and submit a task from here, as API clients do with /agents and /tasks.
 */
export function MeshView() {
  const live = useMeshLive();
  const [registering, setRegistering] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  return (
    <>
      <PageHeader
        title="Agent mesh"
        description={
          <>
            Agents you registered and the tasks routed to them. API clients use the same mesh at <code className="font-mono">/agents</code>, <code className="font-mono">/tasks</code> and{" "}
            <code className="font-mono">/spaces</code> with an API key.{" "}
            <span className="text-xs text-zinc-500" data-testid="mesh-live">{live ? "● Live" : "○ Connecting…"}</span>
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => setRegistering(true)}>
              Register agent
            </Button>
            <Button onClick={() => setSubmitting(true)}>New task</Button>
          </div>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <AgentsCard onRegister={() => setRegistering(true)} />
        <TasksCard onNew={() => setSubmitting(true)} />
        <div className="min-w-0 lg:col-span-2">
          <SpacesCard />
        </div>
      </div>
      <RegisterAgentDialog open={registering} onOpenChange={setRegistering} />
      <NewTaskDialog open={submitting} onOpenChange={setSubmitting} />
    </>
  );
}

function AgentsCard({ onRegister }: { onRegister: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const agents = useQuery(trpc.mesh.agents.queryOptions());
  const [removing, setRemoving] = useState<string | null>(null);
  const unregister = useMutation(trpc.mesh.unregister.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.mesh.agents.queryKey() }) }));
  return (
    <Card className="min-w-0">
      <CardHeader title="Registered agents" description="Newest seen first." />
      <QueryList
        query={agents}
        what="your agents"
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState title="No agents registered" description="Register an external agent's endpoint or one of your Atrium agents." action={<Button variant="secondary" onClick={onRegister}>Register agent</Button>} />}
      >
        {(data) => (
          <ul className="divide-y divide-zinc-100" aria-label="Registered agents">
            {data.map((a) => (
              <li key={a.id} className="flex items-start gap-3 px-5 py-3" data-testid="mesh-agent">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="truncate text-sm font-medium text-zinc-900">{a.name}</span>
                    <MeshStatus status={a.status} />
                  </p>
                  <p className="mt-0.5 truncate text-xs text-zinc-600">
                    <code className="font-mono">{a.id}</code> · {a.type === "atrium" ? "Atrium agent" : a.endpoint} · last seen <When ms={a.lastSeen} />
                  </p>
                  {a.capabilities.length > 0 && (
                    <ul className="mt-1.5 flex flex-wrap gap-1" aria-label={`Capabilities of ${a.name}`}>
                      {a.capabilities.map((c) => (
                        <li key={c} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700">
                          {c}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <Button variant="danger-ghost" size="sm" onClick={() => setRemoving(a.id)} aria-label={`Unregister ${a.name}`}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title="Unregister this agent?"
        description="Tasks are no longer routed to it. Its finished tasks stay."
        confirmLabel="Unregister"
        pending={unregister.isPending}
        onConfirm={() => {
          if (removing) unregister.mutate({ id: removing }, { onSettled: () => setRemoving(null) });
        }}
      />
    </Card>
  );
}

function TasksCard({ onNew }: { onNew: () => void }) {
  const trpc = useTRPC();
  const tasks = useQuery({
    ...trpc.mesh.tasks.queryOptions(),
    refetchInterval: (query) => (query.state.data?.some((t) => ["pending", "assigned", "running"].includes(t.status)) ? OPEN_TASK_POLL_MS : false),
  });
  return (
    <Card className="min-w-0">
      <CardHeader title="Tasks" description="Newest first; open one for its result." />
      <QueryList
        query={tasks}
        what="your tasks"
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState title="No tasks yet" description="Submit a task: it is routed to an agent by capability and runs in the background." action={<Button variant="secondary" onClick={onNew}>New task</Button>} />}
      >
        {(data) => (
          <ul className="divide-y divide-zinc-100" aria-label="Tasks">
            {data.map((t) => (
              <li key={t.id} className="px-5 py-3" data-testid="mesh-task">
                <details>
                  <summary className="flex cursor-pointer list-none items-start gap-3">
                    <span className="min-w-0 flex-1">
                      <span className="line-clamp-2 text-sm font-medium break-words text-zinc-900">{t.task}</span>
                      <span className="mt-0.5 block text-xs text-zinc-600">
                        {t.assigned_agents.join(", ")} · <When ms={t.created_at} />
                      </span>
                    </span>
                    <MeshStatus status={t.status} />
                  </summary>
                  <div className="mt-2 rounded-lg bg-zinc-50 px-3 py-2 text-sm">
                    {t.error ? (
                      <p className="text-red-800">
                        <code className="font-mono">{t.error.code}</code>: {t.error.message}
                      </p>
                    ) : t.result !== null ? (
                      <p className="break-words whitespace-pre-wrap text-zinc-900" data-testid="mesh-task-result">
                        {typeof t.result === "string" ? t.result : JSON.stringify(t.result, null, 2)}
                      </p>
                    ) : (
                      <p className="text-zinc-600">No result yet.</p>
                    )}
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}
