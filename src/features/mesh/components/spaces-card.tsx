"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { QueryList } from "@/components/ui/query-list";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { When } from "./status";

/** Shared spaces: create one by name; open one to read the messages its tasks left. */
export function SpacesCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const spaces = useQuery(trpc.mesh.spaces.queryOptions());
  const [name, setName] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const create = useMutation(
    trpc.mesh.createSpace.mutationOptions({
      onSuccess: async () => {
        setName("");
        await queryClient.invalidateQueries({ queryKey: trpc.mesh.spaces.queryKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader title="Shared spaces" description="Context several tasks share: each task in a space sees the messages before it." />
      <form
        className="flex flex-col gap-2 border-b border-zinc-100 px-5 pb-4 sm:flex-row sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name: name.trim() });
        }}
      >
        <div className="flex-1">
          <Label htmlFor="space-name">New space name</Label>
          <Input id="space-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} className="mt-1" />
        </div>
        <Button type="submit" variant="secondary" loading={create.isPending}>
          Create space
        </Button>
      </form>
      {create.isError && <Alert className="mx-5 mt-3">{errorText(create.error)}</Alert>}
      <QueryList query={spaces} what="your spaces" isEmpty={(d) => d.length === 0} empty={<EmptyState title="No spaces yet" description="Create one, then pick it when you submit a task." />}>
        {(data) => (
          <ul className="divide-y divide-zinc-100" aria-label="Shared spaces">
            {data.map((s) => (
              <li key={s.id} className="px-5 py-3">
                <button type="button" className="flex w-full items-center justify-between gap-3 text-left" aria-expanded={openId === s.id} onClick={() => setOpenId(openId === s.id ? null : s.id)}>
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium text-zinc-900">{String(s.metadata.name ?? s.id)}</span>
                    <span className="text-xs text-zinc-600">
                      {s.entry_count} {s.entry_count === 1 ? "entry" : "entries"} · updated <When ms={s.updated_at} />
                    </span>
                  </span>
                  <span className="text-xs text-brand-700">{openId === s.id ? "Hide" : "Show"}</span>
                </button>
                {openId === s.id && <SpaceMessages id={s.id} />}
              </li>
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}

function SpaceMessages({ id }: { id: string }) {
  const trpc = useTRPC();
  const space = useQuery(trpc.mesh.space.queryOptions({ id }));
  return (
    <div className="mt-3">
      <QueryList query={space} what="the space" isEmpty={(d) => d.messages.length === 0} empty={<p className="text-sm text-zinc-600">No messages yet: submit a task in this space.</p>}>
        {(data) => (
          <ol className="flex flex-col gap-2" aria-label="Space messages">
            {data.messages.map((m, i) => (
              <li key={i} className="rounded-lg bg-zinc-50 px-3 py-2 text-sm">
                <span className="text-xs font-medium text-zinc-600">{m.role === "user" ? "Task" : m.kind === "artifact" ? `Artifact · ${m.agent}` : `Answer · ${m.agent}`}</span>
                <p className="mt-0.5 break-words whitespace-pre-wrap text-zinc-900">{m.content}</p>
              </li>
            ))}
          </ol>
        )}
      </QueryList>
    </div>
  );
}
