"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** The webhook URL that starts this workflow (with its secret token), copy, rotate, turn off. */
export function WebhookPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hook = useQuery(trpc.workflows.webhook.get.queryOptions({ id: workflowId }));
  const onDone = (message: string) => ({
    onSuccess: () => {
      toast.success(message);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.webhook.pathKey() });
    },
    onError: (error: unknown) => toast.error(errorText(error)),
  });
  const rotate = useMutation(trpc.workflows.webhook.rotate.mutationOptions(onDone("A new webhook URL is ready; the old one no longer works")));
  const disable = useMutation(trpc.workflows.webhook.disable.mutationOptions(onDone("Webhook turned off")));
  const absolute = (url: string) => (url.startsWith("http") ? url : `${typeof window === "undefined" ? "" : window.location.origin}${url}`);

  if (hook.isError) return <p className="text-sm text-red-700">Could not load the webhook: {errorText(hook.error)}</p>;
  if (!hook.data) return <Skeleton className="h-24 w-full" />;
  const data = hook.data;
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p className="text-zinc-600">POST a JSON body to this URL to start a run; the body is the run&apos;s input. Keep the token secret.</p>
      {data.enabled && data.url ? (
        <>
          <code className="rounded-lg bg-zinc-50 p-2 font-mono text-xs break-all" data-testid="webhook-url">
            {absolute(data.url)}
          </code>
          <div className="flex flex-wrap gap-2">
            <CopyButton value={absolute(data.url)} what="the webhook URL" label="Copy URL" />
            <Button variant="secondary" size="sm" loading={rotate.isPending} onClick={() => rotate.mutate({ id: workflowId })}>
              New token
            </Button>
            <Button variant="danger-ghost" size="sm" loading={disable.isPending} onClick={() => disable.mutate({ id: workflowId })}>
              Turn off
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="text-zinc-700">The webhook is off.</p>
          <Button size="sm" className="self-start" loading={rotate.isPending} onClick={() => rotate.mutate({ id: workflowId })}>
            Turn on
          </Button>
        </>
      )}
    </div>
  );
}
