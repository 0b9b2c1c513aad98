import { describe, expect, it } from "vitest";
import { item, itemList } from "@/features/calendar/schemas";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { bitsToFlags, createItem, subscribe } from "../support/calendar";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

/**
 * The whole permission matrix over real HTTP: the owner, a subscriber with each combination of
 * view=1, invite=2, edit=4, and a stranger. A shared calendar that leaks or lets strangers write
 * is the classic failure of this feature.
 */
const api = setupApi();
const as = (who: Person) => ({
  get: (path: string) => call(api.http, "GET", path, { token: who.token }),
  patch: (path: string, json: unknown) => call(api.http, "PATCH", path, { token: who.token, json }),
  post: (path: string, json: unknown) => call(api.http, "POST", path, { token: who.token, json }),
  del: (path: string) => call(api.http, "DELETE", path, { token: who.token }),
});

const RANGE = "/schedule-items?start_at=2026-06-01&end_at=2026-06-30";

describe("schedule item permissions", () => {
  // Ten people sign up (argon2 each) and make ~80 requests: more than the default 30 s on a busy machine.
  it("holds for the owner, every bit combination, and a stranger", { timeout: 120_000 }, async () => {
    const owner = await person(api.http, api.db, "owner");
    const stranger = await person(api.http, api.db, "stranger");
    const bystander = await person(api.http, api.db, "bystander");
    const meeting = await createItem(api.http, owner, {
      title: "Planning",
      start_at: "2026-06-10T09:00:00Z",
      end_at: "2026-06-10T10:00:00Z",
      timezone: "Europe/Berlin",
    });
    const url = `/schedule-items/${meeting.id}`;

    // The owner holds everything.
    expect(expectOk(await as(owner).get(url), 200, item).permissions).toBe(7);

    for (let bits = 1; bits <= 7; bits++) {
      const sub = await person(api.http, api.db, `sub${bits}`);
      await subscribe(api.http, api.db, owner, meeting.id, sub, bits);
      const canView = Boolean(bits & 1);
      const canInvite = Boolean(bits & 2);
      const canEdit = Boolean(bits & 4);
      const label = `bits=${bits}`;

      const got = await as(sub).get(url);
      if (!canView) {
        // Without view the item does not exist for them, whatever else they hold.
        expectProblem(got, 404);
        expect((expectOk(await as(sub).get(RANGE), 200, itemList)).map((i) => i.id), label).not.toContain(meeting.id);
        expectProblem(await as(sub).patch(url, { title: "hijack" }), 404);
        expectProblem(await as(sub).post(`${url}/share`, { email: bystander.email }), 404);
        expectProblem(await as(sub).del(url), 404);
        continue;
      }
      const seen = expectOk(got, 200, item);
      expect(seen, label).toMatchObject({ permissions: bits, shared: true, owner_id: owner.id });
      const listed = expectOk(await as(sub).get(RANGE), 200, itemList);
      expect(listed.find((i) => i.id === meeting.id), label).toMatchObject({ shared: true, permissions: bits });

      const patched = await as(sub).patch(url, { start_at: "2026-06-10T11:00:00Z", end_at: "2026-06-10T12:00:00Z" });
      if (canEdit) expect(expectOk(patched, 200, item).start_at, label).toBe("2026-06-10T11:00:00.000Z");
      else expectProblem(patched, 403);

      const shareView = await as(sub).post(`${url}/share`, { email: bystander.email, ...bitsToFlags(1) });
      if (canInvite) expect(shareView.status, label).toBe(200);
      else expectProblem(shareView, 403);

      // Never more than they hold: offering edit without holding it is refused.
      if (canInvite && !canEdit) expectProblem(await as(sub).post(`${url}/share`, { email: bystander.email, ...bitsToFlags(5) }), 403);
      if (canInvite && canEdit) expect((await as(sub).post(`${url}/share`, { email: bystander.email, ...bitsToFlags(7) })).status, label).toBe(200);

      // Only the owner deletes.
      expectProblem(await as(sub).del(url), 403);
    }

    // A stranger cannot even tell the item exists.
    expectProblem(await as(stranger).get(url), 404);
    expectProblem(await as(stranger).patch(url, { title: "mine now" }), 404);
    expectProblem(await as(stranger).post(`${url}/share`, { email: bystander.email }), 404);
    expectProblem(await as(stranger).del(url), 404);
    expect(expectOk(await as(stranger).get(RANGE), 200, itemList)).toEqual([]);
    expect(expectOk(await as(owner).get(url), 200, item).title).toBe("Planning");

    // The owner deletes; the item vanishes for everyone, owner included.
    expectNoContent(await as(owner).del(url));
    expectProblem(await as(owner).get(url), 404);
    expect(expectOk(await as(owner).get(RANGE), 200, itemList)).toEqual([]);
    expectProblem(await as(owner).del(url), 404);
  });

  it("lets the recipient accept fewer permissions than offered, never more", async () => {
    const owner = await person(api.http, api.db, "owner");
    const ben = await person(api.http, api.db, "ben");
    const meeting = await createItem(api.http, owner, { title: "Sync", start_at: "2026-06-11T09:00:00Z" });
    expect((await as(owner).post(`/schedule-items/${meeting.id}/share`, { email: ben.email, ...bitsToFlags(5) })).status).toBe(200);
    const [invitation] = (await as(ben).get("/inbox/messages?status=pending")).body as { id: string }[];
    // Ben asks for everything (7) but was offered view+edit (5), and takes only view.
    expectNoContent(await as(ben).post(`/inbox/messages/${invitation.id}/accept`, bitsToFlags(1)));
    expect(expectOk(await as(ben).get(`/schedule-items/${meeting.id}`), 200, item).permissions).toBe(1);
    expectProblem(await as(ben).patch(`/schedule-items/${meeting.id}`, { title: "x" }), 403);

    // A second invitation offering 7 while Ben asks for 7: he gets exactly what was offered.
    expect((await as(owner).post(`/schedule-items/${meeting.id}/share`, { email: ben.email, ...bitsToFlags(6) })).status).toBe(200);
    const [second] = (await as(ben).get("/inbox/messages?status=pending")).body as { id: string }[];
    expectNoContent(await as(ben).post(`/inbox/messages/${second.id}/accept`, bitsToFlags(7)));
    expect(expectOk(await as(ben).get(`/schedule-items/${meeting.id}`), 200, item).permissions).toBe(7);
  });

  it("answers 404 for a share to an unknown e-mail and 400 for sharing with yourself", async () => {
    const owner = await person(api.http, api.db, "owner");
    const meeting = await createItem(api.http, owner, { title: "Solo", start_at: "2026-06-12T09:00:00Z" });
    expectProblem(await as(owner).post(`/schedule-items/${meeting.id}/share`, { email: "nobody-here@example.com" }), 404);
    expectProblem(await as(owner).post(`/schedule-items/${meeting.id}/share`, { email: owner.email }), 400);
    expectProblem(await as(owner).post(`/schedule-items/00000000-0000-4000-8000-000000000000/share`, { email: owner.email }), 404);
  });
});
