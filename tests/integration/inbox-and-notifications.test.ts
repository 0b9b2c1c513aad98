import { describe, expect, it } from "vitest";
import { inboxList, item } from "@/features/calendar/schemas";
import { notification, notificationList, readAllResult, unreadCount } from "@/features/notifications/schemas";
import { friendRequest } from "@/features/social/schemas";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { bitsToFlags, createItem } from "../support/calendar";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";

const api = setupApi();
const req = (who: Person, method: string, path: string, json?: unknown) => call(api.http, method, path, { token: who.token, json });

describe("inbox invitations", () => {
  it("lists an invitation, filters by status, accepts it, and the item appears in the calendar", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const meeting = await createItem(api.http, ana, { title: "Design review", start_at: "2026-04-02T14:00:00Z", end_at: "2026-04-02T15:00:00Z" });
    const shared = await req(ana, "POST", `/schedule-items/${meeting.id}/share`, { email: ben.email, ...bitsToFlags(5) });
    expect(shared.body).toEqual({ message: `Invitation sent to ${ben.email}` });

    const pending = expectOk(await req(ben, "GET", "/inbox/messages?status=pending"), 200, inboxList);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      recipient_id: ben.id,
      sender_id: ana.id,
      message_type: "calendar",
      schedule_item_id: meeting.id,
      is_read: false,
      status: "pending",
      permissions: 5,
      schedule_item: { title: "Design review" },
    });
    expect(expectOk(await req(ben, "GET", "/inbox/messages?status=accepted"), 200, inboxList)).toEqual([]);
    expectProblem(await req(ben, "GET", "/inbox/messages?status=maybe"), 422);

    // Not in Ben's calendar until he accepts.
    expect((await req(ben, "GET", "/schedule-items?start_at=2026-04-01&end_at=2026-04-30")).body).toEqual([]);
    expectNoContent(await req(ben, "POST", `/inbox/messages/${pending[0].id}/accept`, bitsToFlags(5)));
    const calendar = (await req(ben, "GET", "/schedule-items?start_at=2026-04-01&end_at=2026-04-30")).body as { id: string; shared: boolean }[];
    expect(calendar).toEqual([expect.objectContaining({ id: meeting.id, shared: true })]);
    // With edit he can move it.
    const moved = expectOk(await req(ben, "PATCH", `/schedule-items/${meeting.id}`, { start_at: "2026-04-02T15:00:00Z", end_at: "2026-04-02T16:00:00Z" }), 200, item);
    expect(moved.start_at).toBe("2026-04-02T15:00:00.000Z");
    expect(expectOk(await req(ana, "GET", `/schedule-items/${meeting.id}`), 200, item).start_at).toBe("2026-04-02T15:00:00.000Z");

    const accepted = expectOk(await req(ben, "GET", "/inbox/messages?status=accepted"), 200, inboxList);
    expect(accepted.map((m) => m.id)).toEqual([pending[0].id]);
    // Handled messages cannot be handled again.
    expectProblem(await req(ben, "POST", `/inbox/messages/${pending[0].id}/accept`), 400);
    expectProblem(await req(ben, "POST", `/inbox/messages/${pending[0].id}/dismiss`), 400);
    // Ana is told.
    const anaNotes = expectOk(await req(ana, "GET", "/notifications"), 200, notificationList);
    expect(anaNotes.map((n) => n.type)).toContain("calendar_accepted");
  });

  it("dismisses (204), and another user's message is 404", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const meeting = await createItem(api.http, ana, { title: "Lunch", start_at: "2026-04-03T12:00:00Z" });
    await req(ana, "POST", `/schedule-items/${meeting.id}/share`, { email: ben.email });
    const [message] = expectOk(await req(ben, "GET", "/inbox/messages"), 200, inboxList);
    expectProblem(await req(ana, "POST", `/inbox/messages/${message.id}/accept`), 404);
    expectProblem(await req(ana, "POST", `/inbox/messages/${message.id}/dismiss`), 404);
    expectNoContent(await req(ben, "POST", `/inbox/messages/${message.id}/dismiss`));
    expect(expectOk(await req(ben, "GET", "/inbox/messages?status=dismissed"), 200, inboxList).map((m) => m.id)).toEqual([message.id]);
    expectProblem(await req(ben, "GET", `/schedule-items/${meeting.id}`), 404);
    expectProblem(await req(ben, "POST", `/inbox/messages/00000000-0000-4000-8000-000000000000/accept`), 404);
  });
});

describe("notifications", () => {
  it("counts unread, marks one and all read, and deletes", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const cat = await person(api.http, api.db, "cat");
    expectOk(await req(ben, "POST", "/friends/requests", { target_user_id: ana.id }), 201, friendRequest);
    expectOk(await req(cat, "POST", "/friends/requests", { target_user_id: ana.id }), 201, friendRequest);

    expect(expectOk(await req(ana, "GET", "/notifications/unread-count"), 200, unreadCount).count).toBe(2);
    const all = expectOk(await req(ana, "GET", "/notifications"), 200, notificationList);
    expect(all.map((n) => n.title)).toEqual([`${cat.username} sent you a friend request`, `${ben.username} sent you a friend request`]);

    const read = expectOk(await req(ana, "PUT", `/notifications/${all[0].id}/read`), 200, notification);
    expect(read.is_read).toBe(true);
    expect(expectOk(await req(ana, "GET", "/notifications/unread-count"), 200, unreadCount).count).toBe(1);
    expect(expectOk(await req(ana, "GET", "/notifications?unread_only=true"), 200, notificationList).map((n) => n.id)).toEqual([all[1].id]);

    expect(expectOk(await req(ana, "PUT", "/notifications/read-all"), 200, readAllResult).updated).toBe(1);
    expect(expectOk(await req(ana, "GET", "/notifications/unread-count"), 200, unreadCount).count).toBe(0);

    // Someone else's notification does not exist for you.
    expectProblem(await req(ben, "PUT", `/notifications/${all[0].id}/read`), 404);
    expectProblem(await req(ben, "DELETE", `/notifications/${all[0].id}`), 404);
    expectNoContent(await req(ana, "DELETE", `/notifications/${all[0].id}`));
    expect(expectOk(await req(ana, "GET", "/notifications"), 200, notificationList)).toHaveLength(1);
    expectProblem(await req(ana, "DELETE", `/notifications/${all[0].id}`), 404);
  });

  it("streams new notifications over SSE and resumes from Last-Event-ID", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const cat = await person(api.http, api.db, "cat");
    const url = `${api.http.url}/api/v1/notifications/stream`;
    expectProblem(await call(api.http, "GET", "/notifications/stream"), 401);

    const live = await openSse(url, { authorization: `Bearer ${ana.token}` });
    await new Promise((r) => setTimeout(r, 200));
    expectOk(await req(ben, "POST", "/friends/requests", { target_user_id: ana.id, content: "hello" }), 201, friendRequest);
    const [first] = await live.next(1);
    expect(first.event).toBe("notification");
    expect(first.id).toMatch(/^\d+-\d+$/);
    expect(JSON.parse(first.data)).toMatchObject({ type: "friend_request", content: "hello", is_read: false });
    live.close();

    // While Ana is away, Cat writes; reconnecting with Last-Event-ID delivers exactly what she missed.
    expectOk(await req(cat, "POST", "/friends/requests", { target_user_id: ana.id }), 201, friendRequest);
    const resumed = await openSse(url, { authorization: `Bearer ${ana.token}`, "last-event-id": first.id! });
    const [missed] = await resumed.next(1);
    expect(JSON.parse(missed.data)).toMatchObject({ type: "friend_request", title: `${cat.username} sent you a friend request` });
    await expect(resumed.next(1, 500)).rejects.toThrow();
    resumed.close();
  });
});

describe("iCalendar feed", () => {
  it("serves the user's items behind a secret URL that can be revoked", async () => {
    const ana = await person(api.http, api.db, "ana");
    await createItem(api.http, ana, { title: "Weekly sync", start_at: "2026-03-16T08:00:00Z", end_at: "2026-03-16T09:00:00Z", timezone: "Europe/Berlin", rrule: "FREQ=WEEKLY;COUNT=10" });
    await createItem(api.http, ana, { title: "Christmas", start_at: "2026-12-25T00:00:00Z", all_day: true });
    expect((await req(ana, "GET", "/calendar/feed")).body).toEqual({ active: false, created_at: null });
    const created = await req(ana, "POST", "/calendar/feed");
    expect(created.status).toBe(201);
    const { url } = created.body as { url: string };
    expect(url).toMatch(/\/api\/v1\/calendar\/feeds\/[\w-]{20,}\.ics$/);
    const path = new URL(url).pathname;

    const feed = await fetch(api.http.url + path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const ics = await feed.text();
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("SUMMARY:Weekly sync");
    // 08:00 UTC is 09:00 in Berlin in March, written as local time with its zone.
    expect(ics).toContain("DTSTART;TZID=Europe/Berlin:20260316T090000");
    expect(ics).toContain("RRULE:FREQ=WEEKLY;COUNT=10");
    expect(ics).toContain("DTSTART;VALUE=DATE:20261225");
    // The token is stored hashed.
    const token = path.split("/").pop()!.replace(".ics", "");
    expect(JSON.stringify(await api.db.calendarFeed.findMany())).not.toContain(token);

    expectNoContent(await req(ana, "DELETE", "/calendar/feed"));
    expect((await fetch(api.http.url + path)).status).toBe(404);
    expectProblem(await call(api.http, "GET", "/calendar/feeds/not-a-real-token-at-all.ics"), 404);
  });
});
