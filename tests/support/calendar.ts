import { expect } from "vitest";
import { inboxList, item } from "@/features/calendar/schemas";
import type { Db } from "@/server/db/client";
import { call, expectOk } from "./api";
import type { Person } from "./people";

export const bitsToFlags = (bits: number) => ({
  permission_view: Boolean(bits & 1),
  permission_invite: Boolean(bits & 2),
  permission_edit: Boolean(bits & 4),
});

export async function createItem(server: { url: string }, owner: Person, body: Record<string, unknown>) {
  return expectOk(await call(server, "POST", "/schedule-items", { token: owner.token, json: body }), 201, item);
}

/** Shares an item with `who` offering `bits`, and has them accept all of it. */
export async function subscribe(server: { url: string }, _db: Db, from: Person, itemId: string, who: Person, bits: number) {
  const shared = await call(server, "POST", `/schedule-items/${itemId}/share`, { token: from.token, json: { email: who.email, ...bitsToFlags(bits) } });
  expect(shared.status, shared.text).toBe(200);
  const pending = expectOk(await call(server, "GET", "/inbox/messages?status=pending", { token: who.token }), 200, inboxList);
  const invitation = pending.find((m) => m.schedule_item_id === itemId);
  expect(invitation, "invitation in the inbox").toBeDefined();
  const accepted = await call(server, "POST", `/inbox/messages/${invitation!.id}/accept`, { token: who.token, json: bitsToFlags(bits) });
  expect(accepted.status, accepted.text).toBe(204);
}
