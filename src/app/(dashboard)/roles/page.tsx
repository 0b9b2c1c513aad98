import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { RolesView } from "@/features/permissions/components/roles-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  await requireSession("/roles");
  // For non-administrators the admin queries fail (403) and are not dehydrated; the view shows a notice.
  await prefetch(
    trpc.permissions.me.queryOptions(),
    trpc.permissions.catalog.queryOptions(),
    trpc.permissions.roles.queryOptions({ page: 1, page_size: 100 }),
    trpc.permissions.users.queryOptions({ page: 1, page_size: 50, search: undefined }),
  );
  return (
    <HydrateClient>
      <RolesView />
    </HydrateClient>
  );
}
