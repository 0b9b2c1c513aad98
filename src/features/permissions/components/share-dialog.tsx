"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { ShareIcon, XIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { GrantLevel } from "../catalog";

const LEVELS: { value: GrantLevel; label: string }[] = [
  { value: "view", label: "Can view" },
  { value: "use", label: "Can chat" },
  { value: "edit", label: "Can edit" },
  { value: "admin", label: "Can edit and share" },
];

/**
 * "Share" on an agent: give a user view, use (chat), edit or admin access, and take it back. Shown to
 * the owner and administrators (someone holding an `admin` grant can share through the API).
 */
export function ShareAgentButton({ agentId, agentName, ownerId }: { agentId: string; agentName: string; ownerId: string }) {
  const [open, setOpen] = useState(false);
  const me = useQuery(useTRPC().identity.me.queryOptions());
  if (!me.data || (me.data.id !== ownerId && me.data.role !== "admin")) return null;
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)} aria-label={`Share ${agentName}`}>
        <ShareIcon />
        Share
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        {open && (
          <DialogContent title={`Share ${agentName}`} description="People you share with see it in their own way: chat needs at least “Can chat”." className="sm:max-w-lg">
            <SharePanel resource={{ type: "agent", id: agentId }} />
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}

function SharePanel({ resource }: { resource: { type: "agent"; id: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState("");
  const [level, setLevel] = useState<GrantLevel>("use");
  const grants = useQuery(trpc.permissions.grants.queryOptions(resource));
  const term = query.trim();
  const found = useQuery({ ...trpc.identity.search.queryOptions({ query: term }), enabled: term.length >= 2 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.permissions.grants.queryKey(resource) });
  const grant = useMutation(
    trpc.permissions.grant.mutationOptions({
      onSuccess: async (g) => {
        toast.success(`Shared with ${g.username}`);
        setQuery("");
        await refresh();
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const revoke = useMutation(
    trpc.permissions.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success("No longer shared");
        await refresh();
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const alreadyShared = new Set(grants.data?.items.map((g) => g.user_id));

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Field label="Person" className="flex-1" hint="A username or an e-mail address">
          <Input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="ben or ben@example.com" autoComplete="off" maxLength={100} />
        </Field>
        <Field label="Access" className="sm:w-44">
          <Select value={level} onChange={(e) => setLevel(e.target.value as GrantLevel)}>
            {LEVELS.map((l) => (
              <option key={l.value} value={l.value}>{l.label}</option>
            ))}
          </Select>
        </Field>
      </div>
      {term.length >= 2 && (
        <div aria-live="polite">
          {found.isFetching && !found.data && <p className="text-sm text-zinc-500">Searching…</p>}
          {found.isError && <p className="text-sm text-red-700">{errorText(found.error)}</p>}
          {found.data && found.data.length === 0 && <p className="text-sm text-zinc-500">Nobody found.</p>}
          {found.data && found.data.length > 0 && (
            <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200" aria-label="People found">
              {found.data.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-3 px-3 py-2">
                  <span className="truncate text-sm font-medium text-zinc-900">{p.username}</span>
                  <Button size="sm" loading={grant.isPending && grant.variables?.user_id === p.id} onClick={() => grant.mutate({ ...resource, user_id: p.id, level })}>
                    {alreadyShared.has(p.id) ? "Update" : "Share"}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <section aria-labelledby="shared-with">
        <h3 id="shared-with" className="mb-2 text-sm font-medium text-zinc-900">Shared with</h3>
        {grants.isError && <p className="text-sm text-red-700">Could not load who this is shared with: {errorText(grants.error)}</p>}
        {!grants.data && !grants.isError && <p className="text-sm text-zinc-500">Loading…</p>}
        {grants.data && grants.data.items.length === 0 && <p className="text-sm text-zinc-500">Nobody yet: only you can see it.</p>}
        {grants.data && grants.data.items.length > 0 && (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
            {grants.data.items.map((g) => (
              <li key={g.id} className="flex items-center gap-2 px-3 py-2">
                <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900">{g.username}</span>
                <Select
                  aria-label={`Access of ${g.username}`}
                  value={g.level}
                  className="w-40"
                  disabled={grant.isPending}
                  onChange={(e) => grant.mutate({ ...resource, user_id: g.user_id, level: e.target.value as GrantLevel })}
                >
                  {LEVELS.map((l) => (
                    <option key={l.value} value={l.value}>{l.label}</option>
                  ))}
                </Select>
                <Button size="icon" variant="ghost" aria-label={`Stop sharing with ${g.username}`} loading={revoke.isPending && revoke.variables?.user_id === g.user_id} onClick={() => revoke.mutate({ ...resource, user_id: g.user_id })}>
                  <XIcon className="size-4" />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
