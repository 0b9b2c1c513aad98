"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";

const APPS = [
  { name: "Google Calendar", steps: "Other calendars → + → From URL, paste the link, Add calendar." },
  { name: "Apple Calendar", steps: "File → New Calendar Subscription…, paste the link, Subscribe." },
  { name: "Thunderbird", steps: "Calendar → New Calendar… → On the Network, paste the link as the location." },
];

/** "Subscribe in other apps": a secret .ics link, shown once when made, revocable. */
export function FeedDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.calendar.feed.status.queryOptions(), enabled: open });
  const [url, setUrl] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.calendar.feed.status.queryKey() });
  const create = useMutation(trpc.calendar.feed.create.mutationOptions({ onSuccess: (r) => (setUrl(r.url), refresh()), onError: (e) => toast.error(errorText(e)) }));
  const revoke = useMutation(
    trpc.calendar.feed.revoke.mutationOptions({
      onSuccess: () => (setUrl(null), toast.success("The link no longer works"), refresh()),
      onError: (e) => toast.error(errorText(e)),
    }),
  );
  const change = (next: boolean) => {
    if (!next) setUrl(null);
    onOpenChange(next);
  };
  const active = status.data?.active;

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent title="Subscribe in other apps" description="A private link to your calendar (your events and those shared with you) in iCalendar format." className="sm:max-w-lg">
        {status.isError ? (
          <ErrorState title="Could not load the link's status" message={errorText(status.error)} onRetry={() => status.refetch()} className="py-6" />
        ) : !status.data ? (
          <div aria-busy="true" className="flex flex-col gap-3"><span className="sr-only">Loading</span><Skeleton className="h-10 w-full" /><Skeleton className="h-20 w-full" /></div>
        ) : url ? (
          <div className="flex flex-col gap-4">
            <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-2 pl-3">
              <code data-testid="feed-url" className="min-w-0 flex-1 font-mono text-xs break-all text-zinc-900 select-all">{url}</code>
              <CopyButton value={url} what="calendar link" variant="primary" />
            </div>
            <a href={url.replace(/^https?:/, "webcal:")} className="self-start text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600">
              Open in your calendar app
            </a>
            <Alert tone="warning">Anyone with this link can read your calendar. It is shown only now; if it leaks, revoke it and make a new one.</Alert>
            <ul className="flex flex-col gap-2 text-sm">
              {APPS.map((app) => (
                <li key={app.name}><span className="font-medium text-zinc-900">{app.name}:</span> <span className="text-zinc-600">{app.steps}</span></li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-zinc-700">
            {active ? (
              <>A link is active (made <LocalTime value={status.data.created_at!} withTime />). It can&apos;t be shown again; make a new one to see a link (the old one stops working).</>
            ) : (
              <>You have no calendar link. Make one to add your Atrium calendar to Google Calendar, Apple Calendar or Thunderbird.</>
            )}
          </p>
        )}
        <DialogFooter>
          {active && (
            <Button variant="danger-ghost" className="sm:mr-auto" loading={revoke.isPending} onClick={() => revoke.mutate()}>Revoke link</Button>
          )}
          {status.data && (
            <Button variant={url ? "secondary" : "primary"} loading={create.isPending} onClick={() => create.mutate({ origin: window.location.origin })}>
              {active ? "Make a new link" : "Make a link"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
