"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LockIcon, PlusIcon, SearchIcon, UsersIcon, XIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { QueryList } from "@/components/ui/query-list";
import { Select } from "@/components/ui/select";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { RoleDto, UserRolesDto } from "../schemas";
import { RoleDialog } from "./role-dialog";

/** The Roles page: roles with their permissions, and everyone's roles. For holders of roles:read. */
export function RolesView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.permissions.me.queryOptions());
  const mayRead = me.data?.permissions.includes("roles:read");
  if (me.data && !mayRead) {
    return (
      <>
        <PageHeader title="Roles" />
        <Card>
          <EmptyState icon={<LockIcon />} title="Administrators only" description="Roles and permissions are managed by administrators. Ask one if you need more access." />
        </Card>
      </>
    );
  }
  return <RolesAdmin canManage={Boolean(me.data?.permissions.includes("roles:manage"))} />;
}

function RolesAdmin({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roles = useQuery(trpc.permissions.roles.queryOptions({ page: 1, page_size: 100 }));
  const [editing, setEditing] = useState<RoleDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<RoleDto | null>(null);
  const remove = useMutation(
    trpc.permissions.deleteRole.mutationOptions({
      onSuccess: async () => {
        toast.success("Role deleted");
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.permissions.pathKey() });
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const addButton = canManage ? (
    <Button onClick={() => setEditing("new")}>
      <PlusIcon />
      New role
    </Button>
  ) : undefined;

  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do, and who holds which. Built-in roles are fixed; custom roles take any permissions from the catalog."
        actions={addButton}
      />
      <Card className="overflow-hidden">
        <CardHeader title="Roles" description="Open a role to see its permissions." />
        <QueryList query={roles} what="roles" isEmpty={(d) => d.items.length === 0} empty={<EmptyState title="No roles" />}>
          {(data) => (
            <ul className="mt-3 divide-y divide-zinc-100 border-t border-zinc-100">
              {data.items.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center gap-3 px-5 py-3 sm:px-6">
                  <div className="min-w-0 flex-1">
                    <p className="flex items-center gap-2 font-medium text-zinc-900">
                      {r.name}
                      {r.built_in && <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-normal text-zinc-600">Built in</span>}
                    </p>
                    <p className="text-sm text-zinc-600">
                      {r.permissions.length} permissions · {r.user_count} {r.user_count === 1 ? "person" : "people"}
                    </p>
                    {r.description && <p className="truncate text-sm text-zinc-500">{r.description}</p>}
                  </div>
                  <div className="flex gap-1">
                    <Button size="sm" variant="secondary" onClick={() => setEditing(r)} aria-label={`${r.built_in || !canManage ? "View" : "Edit"} ${r.name}`}>
                      {r.built_in || !canManage ? "View" : "Edit"}
                    </Button>
                    {!r.built_in && canManage && (
                      <Button size="sm" variant="danger-ghost" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                        Delete
                      </Button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      <PeopleCard roles={roles.data?.items ?? []} canManage={canManage} />
      <RoleDialog target={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete the role ${deleting?.name ?? ""}?`}
        description="Its holders lose its permissions at once; anyone left without a role becomes a member."
        confirmLabel="Delete role"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}

function PeopleCard({ roles, canManage }: { roles: RoleDto[]; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const users = useQuery(trpc.permissions.users.queryOptions({ page: 1, page_size: 50, search: search.trim() || undefined }));
  const [removing, setRemoving] = useState<{ user: UserRolesDto; role: UserRolesDto["roles"][number] } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.permissions.pathKey() });
  const assign = useMutation(
    trpc.permissions.assignRole.mutationOptions({
      onSuccess: async () => {
        toast.success("Role given");
        await refresh();
      },
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const unassign = useMutation(
    trpc.permissions.unassignRole.mutationOptions({
      onSuccess: async () => {
        toast.success("Role removed");
        setRemoving(null);
        await refresh();
      },
      onError: (error) => {
        setRemoving(null);
        toast.error(errorText(error));
      },
    }),
  );

  return (
    <Card className="mt-6 overflow-hidden">
      <CardHeader title="People" description="Everyone's roles. A person holds the permissions of all their roles together." />
      <div className="px-5 pt-3 sm:px-6">
        <label className="relative block max-w-sm">
          <span className="sr-only">Search people by username</span>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
          <Input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search by username" className="pl-9" maxLength={50} />
        </label>
      </div>
      <QueryList
        query={users}
        what="people"
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState icon={<UsersIcon />} title={search ? "Nobody matches" : "Nobody yet"} description={search ? "Try another username." : undefined} />}
      >
        {(data) => (
          <ul className="mt-3 divide-y divide-zinc-100 border-t border-zinc-100">
            {data.items.map((u) => {
              const missing = roles.filter((r) => !u.roles.some((held) => held.id === r.id));
              return (
                <li key={u.user_id} className="flex flex-col gap-2 px-5 py-3 sm:flex-row sm:items-center sm:px-6" data-testid={`person-${u.username}`}>
                  <p className="min-w-0 font-medium text-zinc-900 sm:w-48 sm:truncate">{u.username}</p>
                  <ul className="flex flex-1 flex-wrap gap-1.5" aria-label={`Roles of ${u.username}`}>
                    {u.roles.length === 0 && <li className="text-sm text-zinc-500">No role</li>}
                    {u.roles.map((r) => (
                      <li key={r.id} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-2.5 text-xs font-medium text-brand-700">
                        {r.name}
                        {canManage && (
                          <button
                            type="button"
                            className="rounded-full p-0.5 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-600"
                            aria-label={`Remove ${r.name} from ${u.username}`}
                            onClick={() => setRemoving({ user: u, role: r })}
                          >
                            <XIcon className="size-3" />
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                  {canManage && missing.length > 0 && (
                    <Select
                      aria-label={`Give ${u.username} a role`}
                      value=""
                      disabled={assign.isPending}
                      onChange={(e) => e.target.value && assign.mutate({ user_id: u.user_id, role_id: e.target.value })}
                      className="sm:w-44"
                    >
                      <option value="">Give a role…</option>
                      {missing.map((r) => (
                        <option key={r.id} value={r.id}>{r.name}</option>
                      ))}
                    </Select>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </QueryList>
      {users.data && users.data.total > users.data.items.length && (
        <p className="border-t border-zinc-100 px-5 py-3 text-sm text-zinc-500 sm:px-6">Showing {users.data.items.length} of {users.data.total}: search to find others.</p>
      )}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.role.name ?? "the role"} from ${removing?.user.username ?? "this person"}?`}
        description={removing?.role.key === "admin" ? "They stop being an administrator at once." : "They lose its permissions at once."}
        confirmLabel="Remove role"
        pending={unassign.isPending}
        onConfirm={() => removing && unassign.mutate({ user_id: removing.user.user_id, role_id: removing.role.id })}
      />
    </Card>
  );
}
