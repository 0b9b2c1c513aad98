"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { errorText, trpcIssueErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Paste an agent's URL (and, if it wants one, an API key) and discover it: Atrium fetches its card.
 * While that runs the button says so; a failure (unreachable, not a card) is shown under the form.
 */
export function DiscoverForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const discover = useMutation(
    trpc.a2a.discover.mutationOptions({
      onSuccess: ({ agent, created }) => {
        toast.success(created ? `Discovered ${agent.name}: use it as ${agent.tool_name}` : `Updated ${agent.name}`);
        setUrl("");
        setApiKey("");
        setErrors({});
      },
      onError: (err) => {
        const fields = trpcIssueErrors(err);
        setErrors(Object.keys(fields).length ? fields : { form: errorText(err) });
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.a2a.agents.queryKey() }),
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!url.trim()) return setErrors({ url: "Paste the agent's URL" });
    setErrors({});
    discover.mutate({ url: url.trim(), ...(apiKey ? { api_key: apiKey } : {}) });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3 p-4 sm:p-5" aria-label="Discover an A2A agent" noValidate>
      <div className="grid gap-3 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] md:items-start">
        <Field label="Agent URL" error={errors.url} hint="Its card is read from /.well-known/agent-card.json">
          <Input type="url" inputMode="url" placeholder="https://agent.example.com" value={url} onChange={(e) => setUrl(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="API key (optional)" error={errors.api_key} hint="Stored encrypted, never shown again">
          <Input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" />
        </Field>
        <Button type="submit" loading={discover.isPending} className="md:mt-6">
          <SearchIcon />
          {discover.isPending ? "Discovering…" : "Discover"}
        </Button>
      </div>
      {errors.form && <Alert>{errors.form}</Alert>}
    </form>
  );
}
