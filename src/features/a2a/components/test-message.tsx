"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ArrowRightIcon } from "@/components/ui/icons";
import { Textarea } from "@/components/ui/textarea";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

const SETTLED = ["completed", "failed", "canceled", "rejected", "input_required", "auth_required"];
const TONE: Record<string, string> = {
  completed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
  rejected: "bg-red-50 text-red-700 ring-red-200",
  canceled: "bg-zinc-100 text-zinc-700 ring-zinc-200",
};

/** Send one message to the agent and watch its task until it settles (the status is polled each second). */
export function TestMessage({ agentId, agentName }: { agentId: string; agentName: string }) {
  const trpc = useTRPC();
  const [message, setMessage] = useState("");
  const [taskId, setTaskId] = useState<string | null>(null);
  const send = useMutation(trpc.a2a.send.mutationOptions({ onSuccess: (task) => setTaskId(task.id) }));
  const status = useQuery({
    ...trpc.a2a.status.queryOptions({ id: taskId ?? "00000000-0000-0000-0000-000000000000" }),
    enabled: taskId !== null,
    refetchInterval: (query) => (query.state.data && SETTLED.includes(query.state.data.state) ? false : 1000),
  });
  const task = status.data ?? send.data;
  const state = task?.state;

  return (
    <div className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3">
      <form
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (message.trim()) send.mutate({ agent_id: agentId, message: message.trim() });
        }}
      >
        <Field label={`Test message to ${agentName}`}>
          <Textarea rows={2} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="Hello! What can you do?" maxLength={100_000} />
        </Field>
        <div>
          <Button type="submit" size="sm" loading={send.isPending} disabled={!message.trim()}>
            <ArrowRightIcon />
            Send
          </Button>
        </div>
      </form>
      {send.isError && <Alert>{errorText(send.error)}</Alert>}
      {task && (
        <div className="flex flex-col gap-2" aria-live="polite" data-testid="a2a-task">
          <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
            Task
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[state ?? ""] ?? "bg-amber-50 text-amber-800 ring-amber-200"}`} data-testid="a2a-task-state">
              {state?.replace("_", " ")}
            </span>
            {state && !SETTLED.includes(state) && <span className="text-xs text-zinc-500">waiting for the agent…</span>}
          </p>
          {task.result && <p className="rounded-md bg-white px-3 py-2 text-sm break-words whitespace-pre-wrap text-zinc-900 ring-1 ring-zinc-200" data-testid="a2a-task-answer">{task.result}</p>}
          {task.error && state !== "completed" && <Alert>{task.error}</Alert>}
        </div>
      )}
    </div>
  );
}
