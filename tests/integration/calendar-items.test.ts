import { describe, expect, it } from "vitest";
import { item, itemList } from "@/features/calendar/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { createItem } from "../support/calendar";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();
const list = async (who: Person, query: string) =>
  expectOk(await call(api.http, "GET", `/schedule-items?${query}`, { token: who.token }), 200, itemList);

describe("schedule items: create, read, update, delete", () => {
  it("creates with the documented body and defaults, and reads it back", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createItem(api.http, ana, {
      title: "Dentist",
      description: "Bring the card",
      start_at: "2026-05-04T08:30:00+02:00",
      end_at: "2026-05-04T09:15:00+02:00",
      timezone: "Europe/Berlin",
      metadata: { color: "#FF6B6B", location: "Room A", notes: "ID card", attachments: [], version: 1 },
    });
    expect(created).toMatchObject({
      title: "Dentist",
      start_at: "2026-05-04T06:30:00.000Z",
      end_at: "2026-05-04T07:15:00.000Z",
      timezone: "Europe/Berlin",
      status: "active",
      source_type: "manual",
      metadata: { color: "#FF6B6B", location: "Room A" },
      permissions: 7,
      shared: false,
    });
    const read = expectOk(await call(api.http, "GET", `/schedule-items/${created.id}`, { token: ana.token }), 200, item);
    expect(read).toEqual(created);
    const bare = await createItem(api.http, ana, { title: "Call", start_at: "2026-05-05T10:00:00Z" });
    expect(bare).toMatchObject({ timezone: "UTC", end_at: null, metadata: {}, all_day: false, rrule: null });
  });

  it("refuses end_at before start_at (400) and bad input (422 with the fields)", async () => {
    const ana = await person(api.http, api.db, "ana");
    expectProblem(await call(api.http, "POST", "/schedule-items", { token: ana.token, json: { title: "Back", start_at: "2026-05-04T10:00:00Z", end_at: "2026-05-04T09:00:00Z" } }), 400);
    const bad = expectProblem(
      await call(api.http, "POST", "/schedule-items", { token: ana.token, json: { title: "", start_at: "tomorrow", timezone: "Mars/Olympus" } }),
      422,
    );
    expect(issuePaths(bad)).toEqual(["body.start_at", "body.timezone", "body.title"]);
    expectProblem(await call(api.http, "GET", "/schedule-items?start_at=2026-05-10&end_at=2026-05-01", { token: ana.token }), 400);
    expectProblem(await call(api.http, "POST", "/schedule-items", { json: { title: "x", start_at: "2026-05-04T10:00:00Z" } }), 401);
  });

  it("updates only the fields sent and rejects a patch that ends before it starts", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createItem(api.http, ana, { title: "Review", description: "Q2", start_at: "2026-05-06T13:00:00Z", end_at: "2026-05-06T14:00:00Z", metadata: { color: "#00AA00" } });
    const url = `/schedule-items/${created.id}`;
    const renamed = expectOk(await call(api.http, "PATCH", url, { token: ana.token, json: { title: "Quarterly review" } }), 200, item);
    expect(renamed).toMatchObject({ title: "Quarterly review", description: "Q2", start_at: created.start_at, end_at: created.end_at, metadata: { color: "#00AA00" } });
    expectProblem(await call(api.http, "PATCH", url, { token: ana.token, json: { end_at: "2026-05-06T12:00:00Z" } }), 400);
    expectProblem(await call(api.http, "PATCH", url, { token: ana.token, json: { owner_id: "someone" } }), 422);
    const done = expectOk(await call(api.http, "PATCH", url, { token: ana.token, json: { status: "completed" } }), 200, item);
    expect(done.status).toBe("completed");
    expectProblem(await call(api.http, "PATCH", `/schedule-items/00000000-0000-4000-8000-000000000000`, { token: ana.token, json: { title: "x" } }), 404);
  });

  it("soft-deletes: 204, then 404 and gone from ranges; the row stays in the database", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createItem(api.http, ana, { title: "Gone soon", start_at: "2026-05-07T09:00:00Z" });
    expectNoContent(await call(api.http, "DELETE", `/schedule-items/${created.id}`, { token: ana.token }));
    expectProblem(await call(api.http, "GET", `/schedule-items/${created.id}`, { token: ana.token }), 404);
    expect(await list(ana, "start_at=2026-05-01&end_at=2026-05-31")).toEqual([]);
    expect((await api.db.scheduleItem.findUnique({ where: { id: created.id } }))?.deletedAt).toBeInstanceOf(Date);
  });
});

describe("schedule items: time done right", () => {
  it("returns items overlapping the range, not only those starting in it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const night = await createItem(api.http, ana, { title: "Night shift", start_at: "2026-07-01T22:00:00Z", end_at: "2026-07-02T06:00:00Z" });
    const week = await createItem(api.http, ana, { title: "Conference", start_at: "2026-06-29T08:00:00Z", end_at: "2026-07-03T17:00:00Z" });
    const before = await createItem(api.http, ana, { title: "Ended before", start_at: "2026-07-01T08:00:00Z", end_at: "2026-07-01T09:00:00Z" });
    const july2 = await list(ana, "start_at=2026-07-02T00:00:00Z&end_at=2026-07-02T23:59:59Z");
    expect(july2.map((i) => i.title).sort()).toEqual(["Conference", "Night shift"]);
    expect(july2.map((i) => i.id)).not.toContain(before.id);
    // The item crossing midnight is on both days.
    expect((await list(ana, "start_at=2026-07-01&end_at=2026-07-01")).map((i) => i.id)).toEqual(expect.arrayContaining([night.id, week.id, before.id]));
  });

  it("reads date-only bounds in the viewer's timezone", async () => {
    const ana = await person(api.http, api.db, "ana");
    // 23:30 on the 14th in Los Angeles is already the 15th in UTC.
    const late = await createItem(api.http, ana, { title: "Late call", start_at: "2026-08-15T06:30:00Z", end_at: "2026-08-15T07:00:00Z", timezone: "America/Los_Angeles" });
    expect((await list(ana, "start_at=2026-08-14&end_at=2026-08-14&timezone=America/Los_Angeles")).map((i) => i.id)).toEqual([late.id]);
    expect(await list(ana, "start_at=2026-08-15&end_at=2026-08-15&timezone=America/Los_Angeles")).toEqual([]);
    expect((await list(ana, "start_at=2026-08-15&end_at=2026-08-15")).map((i) => i.id)).toEqual([late.id]);
  });

  it("keeps all-day items on their date wherever the viewer is", async () => {
    const ana = await person(api.http, api.db, "ana");
    const christmas = await createItem(api.http, ana, { title: "Christmas", all_day: true, start_at: "2026-12-25T00:00:00+14:00", timezone: "Pacific/Kiritimati" });
    expect(christmas.all_day).toBe(true);
    for (const tz of ["America/Los_Angeles", "UTC", "Asia/Tokyo", "Pacific/Kiritimati"]) {
      expect((await list(ana, `start_at=2026-12-25&end_at=2026-12-25&timezone=${tz}`)).map((i) => i.id), tz).toEqual([christmas.id]);
      expect(await list(ana, `start_at=2026-12-24&end_at=2026-12-24&timezone=${tz}`), tz).toEqual([]);
      expect(await list(ana, `start_at=2026-12-26&end_at=2026-12-26&timezone=${tz}`), tz).toEqual([]);
    }
    const holiday = await createItem(api.http, ana, { title: "Holiday", all_day: true, start_at: "2026-10-01T00:00:00Z", end_at: "2026-10-04T00:00:00Z" });
    expect((await list(ana, "start_at=2026-10-03&end_at=2026-10-03")).map((i) => i.id)).toEqual([holiday.id]);
    expect(await list(ana, "start_at=2026-10-04&end_at=2026-10-04")).toEqual([]);
  });

  it("expands a weekly series at the same local time across a DST change", async () => {
    const ana = await person(api.http, api.db, "ana");
    // Mondays 09:00 in Berlin; clocks go forward on Sunday 29 March 2026.
    const standup = await createItem(api.http, ana, {
      title: "Standup",
      start_at: "2026-03-16T08:00:00Z",
      end_at: "2026-03-16T08:15:00Z",
      timezone: "Europe/Berlin",
      rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
    });
    expect(standup.rrule).toBe("FREQ=WEEKLY;BYDAY=MO;COUNT=4");
    const occurrences = await list(ana, "start_at=2026-03-01&end_at=2026-04-30");
    expect(occurrences.map((o) => o.start_at)).toEqual([
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-04-06T07:00:00.000Z",
    ]);
    expect(occurrences.every((o) => o.id === standup.id && o.occurrence_of === standup.start_at)).toBe(true);
    expect(occurrences.map((o) => new Date(o.end_at!).getTime() - new Date(o.start_at).getTime())).toEqual(Array(4).fill(15 * 60_000));
  });

  it("expands daily and monthly rules with UNTIL inside the requested range only", async () => {
    const ana = await person(api.http, api.db, "ana");
    await createItem(api.http, ana, { title: "Pills", start_at: "2026-09-01T07:00:00Z", rrule: "FREQ=DAILY;UNTIL=20260905T235959Z" });
    await createItem(api.http, ana, { title: "Rent", start_at: "2026-01-31T09:00:00Z", rrule: "FREQ=MONTHLY;BYMONTHDAY=1;COUNT=12" });
    const sept = await list(ana, "start_at=2026-09-03&end_at=2026-09-30");
    expect(sept.filter((i) => i.title === "Pills").map((i) => i.start_at.slice(0, 10))).toEqual(["2026-09-03", "2026-09-04", "2026-09-05"]);
    expect(sept.filter((i) => i.title === "Rent").map((i) => i.start_at.slice(0, 10))).toEqual([]);
    const oct = await list(ana, "start_at=2026-10-01&end_at=2026-10-01");
    expect(oct.map((i) => i.title)).toEqual(["Rent"]);
  });

  it("rejects rules it does not support with 422", async () => {
    const ana = await person(api.http, api.db, "ana");
    for (const rrule of ["FREQ=YEARLY", "FREQ=SECONDLY", "banana", "FREQ=DAILY;COUNT=2;UNTIL=20260101T000000Z", "FREQ=DAILY;BYHOUR=3"]) {
      expectProblem(await call(api.http, "POST", "/schedule-items", { token: ana.token, json: { title: "x", start_at: "2026-01-01T00:00:00Z", rrule } }), 422);
    }
  });
});
