"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorText, trpcIssueErrors, type FieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { RoleDto } from "../schemas";

/** Create (target "new"), edit (a custom role) or look at (a built-in role) a role's permissions. */
export function RoleDialog({ target, onClose }: { target: RoleDto | "new" | null; onClose: () => void }) {
  const title = target === "new" ? "New role" : target?.built_in ? `${target.name} (built in)` : `Edit ${target?.name ?? "role"}`;
  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && onClose()}>
      {target !== null && (
        <DialogContent
          title={title}
          description={target !== "new" && target.built_in ? "Built-in roles are read-only: their permissions come with Atrium." : "Tick what holders of this role may do."}
          className="sm:max-w-3xl"
        >
          <RoleForm key={target === "new" ? "new" : target.id} existing={target === "new" ? null : target} onDone={onClose} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function RoleForm({ existing, onDone }: { existing: RoleDto | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery(trpc.permissions.catalog.queryOptions());
  const readOnly = existing?.built_in ?? false;
  const [name, setName] = useState(existing?.name ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(existing?.permissions ?? []));
  const [errors, setErrors] = useState<FieldErrors>({});
  const handlers = {
    onSuccess: async () => {
      toast.success(existing ? "Role saved" : "Role created");
      await queryClient.invalidateQueries({ queryKey: trpc.permissions.pathKey() });
      onDone();
    },
    onError: (error: { message: string; data?: { issues?: { path: string; message: string }[] | null } | null }) => {
      const found = trpcIssueErrors(error, "patch");
      if (!found.name && /name/.test(error.message) && /exists/.test(error.message)) found.name = error.message;
      setErrors(found);
      if (Object.keys(found).length === 0) toast.error(errorText(error));
    },
  };
  const create = useMutation(trpc.permissions.createRole.mutationOptions(handlers));
  const update = useMutation(trpc.permissions.updateRole.mutationOptions(handlers));
  const pending = create.isPending || update.isPending;

  const toggle = (permission: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(permission);
      else next.delete(permission);
      return next;
    });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setErrors({ name: "Give the role a name" });
    const body = { name: name.trim(), description: description.trim(), permissions: [...chosen] };
    if (existing) update.mutate({ id: existing.id, patch: body });
    else create.mutate(body);
  }

  const allActions = [...new Set((catalog.data?.items ?? []).flatMap((e) => e.actions))];

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {!readOnly && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={50} placeholder="Support" autoComplete="off" />
          </Field>
          <Field label="Description" error={errors.description}>
            <Textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} rows={1} placeholder="What this role is for" />
          </Field>
        </div>
      )}
      <fieldset className="min-w-0">
        <legend className="mb-2 text-sm font-medium text-zinc-900">Permissions</legend>
        {catalog.isError && <p className="text-sm text-red-700">Could not load the permission catalog: {errorText(catalog.error)}</p>}
        {!catalog.data && !catalog.isError && <p className="text-sm text-zinc-500">Loading the permission catalog…</p>}
        {catalog.data && (
          // Phones: one group per resource with only its actions; wider screens: the whole matrix.
          <ul className="flex max-h-[55dvh] flex-col gap-3 overflow-auto sm:hidden">
            {catalog.data.items.map((entry) => (
              <li key={entry.resource} className="rounded-lg border border-zinc-200 px-3 py-2.5">
                <p className="mb-2 text-sm font-medium text-zinc-900">{entry.label}</p>
                <div className="grid grid-cols-2 gap-2">
                  {entry.actions.map((action) => {
                    const permission = `${entry.resource}:${action}`;
                    return (
                      <label key={action} className="flex items-center gap-2 text-sm text-zinc-700 capitalize">
                        <input
                          type="checkbox"
                          aria-label={`${entry.label}: ${action}`}
                          className="size-4 accent-brand-600 disabled:cursor-not-allowed"
                          checked={chosen.has(permission)}
                          disabled={readOnly || pending}
                          onChange={(e) => toggle(permission, e.target.checked)}
                        />
                        {action}
                      </label>
                    );
                  })}
                </div>
              </li>
            ))}
          </ul>
        )}
        {catalog.data && (
          <div className="hidden max-h-[55dvh] overflow-auto rounded-lg border border-zinc-200 sm:block">
            <table className="w-full border-collapse text-sm">
              <thead className="sticky top-0 bg-zinc-50 text-left text-xs font-medium text-zinc-600">
                <tr>
                  <th scope="col" className="sticky left-0 bg-zinc-50 px-3 py-2">Resource</th>
                  {allActions.map((a) => (
                    <th key={a} scope="col" className="px-2 py-2 text-center capitalize">{a}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {catalog.data.items.map((entry) => (
                  <tr key={entry.resource}>
                    <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-medium whitespace-nowrap text-zinc-800">{entry.label}</th>
                    {allActions.map((action) => {
                      const permission = `${entry.resource}:${action}`;
                      if (!entry.actions.includes(action)) return <td key={action} className="px-2 py-2" />;
                      return (
                        <td key={action} className="px-2 py-2 text-center">
                          <input
                            type="checkbox"
                            aria-label={`${entry.label}: ${action}`}
                            className="size-4 accent-brand-600 disabled:cursor-not-allowed"
                            checked={chosen.has(permission)}
                            disabled={readOnly || pending}
                            onChange={(e) => toggle(permission, e.target.checked)}
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </fieldset>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary" disabled={pending}>
            {readOnly ? "Close" : "Cancel"}
          </Button>
        </DialogClose>
        {!readOnly && (
          <Button type="submit" loading={pending}>
            {existing ? "Save role" : "Create role"}
          </Button>
        )}
      </DialogFooter>
    </form>
  );
}
