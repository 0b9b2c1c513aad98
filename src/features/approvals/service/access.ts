import "server-only";
import type { Approval } from "@/generated/prisma/client";
import { atLeast } from "@/features/permissions/catalog";
import { effectiveAccess, grantedLevel } from "@/features/permissions/service/check";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";

/**
 * Who may see and decide an approval: its owner, and whoever the owner delegated to through the
 * permission system (a grant on resource type `approvals`, resource id = the owner's user id, at
 * level `edit` or higher). Anyone else gets 404, so ids do not reveal that an approval exists.
 */
export async function visibleApproval({ db, viewer }: AuthedContext, id: string): Promise<Approval> {
  const found = await db.approval.findUnique({ where: { id } });
  if (!found) throw notFound("Approval");
  if (found.ownerId === viewer.userId) return found;
  if (atLeast(await grantedLevel(db, viewer, "approvals", found.ownerId), "edit")) return found;
  throw notFound("Approval");
}

/** The owners whose approvals the viewer decides: themselves and everyone who delegated to them. */
export async function decidableOwners({ db, viewer }: AuthedContext): Promise<string[]> {
  const { grants } = await effectiveAccess(db, viewer);
  const delegated = [...grants.entries()].filter(([key, level]) => key.startsWith("approvals:") && atLeast(level, "edit")).map(([key]) => key.slice("approvals:".length));
  return [viewer.userId, ...delegated.filter((id) => id !== viewer.userId)];
}
