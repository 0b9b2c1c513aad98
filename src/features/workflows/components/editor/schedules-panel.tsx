"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Cron } from "croner";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { errorText, trpcIssueErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** The next time a cron fires in a zone, or why it cannot (shown while typing, before saving). */
function nextRun(cron: string, timezone: string): { at?: string; error?: string } {
  try {
    const next = new Cron(cron, { timezone: timezone || "UTC", paused: true }).nextRun();
    return next ? { at: next.toISOString() } : { error: "It never fires" };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

/** This workflow's cron schedules: add one (cron + time zone, next run shown), turn one on or off, delete. */
export function SchedulesPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schedules = useQuery(trpc.workflows.schedules.list.queryOptions({ workflowId }));
  const [cron, setCron] = useState("0 9 * * 1-5");
  const [timezone, setTimezone] = useState(browserZone);
  const [name, setName] = useState("Weekday mornings");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const preview = nextRun(cron, timezone);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.schedules.pathKey() });
  const create = useMutation(
    trpc.workflows.schedules.create.mutationOptions({
      onSuccess: () => {
        toast.success("Schedule added");
        setErrors({});
        void refresh();
      },
      onError: (error) => {
        const fields = trpcIssueErrors(error);
        setErrors(fields);
        if (!Object.keys(fields).length) toast.error(errorText(error));
      },
    }),
  );
  const update = useMutation(trpc.workflows.schedules.update.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => toast.error(errorText(e)) }));
  const remove = useMutation(trpc.workflows.schedules.delete.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => toast.error(errorText(e)) }));

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600">Run this workflow on a schedule. Runs use the newest saved version.</p>
      {schedules.isError && <p className="text-sm text-red-700">Could not load the schedules: {errorText(schedules.error)}</p>}
      {!schedules.data && !schedules.isError && <Skeleton className="h-16 w-full" />}
      {schedules.data && schedules.data.items.length === 0 && <p className="text-sm text-zinc-500">No schedules yet.</p>}
      <ul className="flex flex-col gap-2" aria-label="Schedules">
        {schedules.data?.items.map((s) => (
          <li key={s.id} className="rounded-lg border border-zinc-200 p-3 text-sm">
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">{s.name}</span>
              <Button variant="danger-ghost" size="icon" aria-label={`Delete schedule ${s.name}`} onClick={() => remove.mutate({ id: s.id })}>
                <TrashIcon />
              </Button>
            </div>
            <p className="font-mono text-xs text-zinc-700">
              {s.cron} · {s.timezone}
            </p>
            <p className="text-xs text-zinc-600">Next run: {s.enabled && s.next_run_at ? <LocalTime value={s.next_run_at} withTime /> : "—"}</p>
            <Checkbox className="mt-2" label="On" checked={s.enabled} onChange={(e) => update.mutate({ id: s.id, enabled: e.target.checked })} />
          </li>
        ))}
      </ul>
      <form
        className="flex flex-col gap-3 border-t border-zinc-100 pt-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workflowId, name, cron, timezone });
        }}
      >
        <h2 className="text-sm font-semibold text-zinc-900">New schedule</h2>
        <Field label="Schedule name" error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </Field>
        <Field label="Cron" error={errors.cron ?? (preview.error ? `Not a valid cron: ${preview.error}` : undefined)} hint="minute hour day month weekday">
          <Input value={cron} onChange={(e) => setCron(e.target.value)} className="font-mono" />
        </Field>
        <Field label="Time zone" error={errors.timezone}>
          <Input value={timezone} onChange={(e) => setTimezone(e.target.value)} placeholder="Europe/Berlin" />
        </Field>
        {preview.at && (
          <p className="text-sm text-zinc-700" data-testid="next-run">
            Next run: <LocalTime value={preview.at} withTime />
          </p>
        )}
        <Button type="submit" size="sm" className="self-start" loading={create.isPending} disabled={Boolean(preview.error)}>
          Create schedule
        </Button>
      </form>
    </div>
  );
}
