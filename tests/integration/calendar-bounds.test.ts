import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { MAX_COUNT, MAX_LISTED, MAX_RANGE_DAYS } from "@/features/calendar/limits";
import { item, itemList } from "@/features/calendar/schemas";
import { call, expectOk, expectProblem, issuePaths, type ApiResponse } from "../support/api";
import { createItem } from "../support/calendar";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

/**
 * The security finding on calendar recurrence: bad RRULEs and dates are 422 problems (never a 500
 * or a hang), ranges are bounded, and the worst items the API accepts expand without holding the
 * event loop. The server runs in this process, so the event loop measured here is the server's.
 */
const api = setupApi();
const post = (who: Person, json: Record<string, unknown>) => call(api.http, "POST", "/schedule-items", { token: who.token, json });
const list = (who: Person, query: string) => call(api.http, "GET", `/schedule-items?${query}`, { token: who.token });

/** A 422 in the documented problem shape naming `path` among its issues. */
function expect422(res: ApiResponse, path: string) {
  const problem = expectProblem(res, 422, "VALIDATION_ERROR");
  expect(issuePaths(problem), res.text).toContain(path);
  return problem;
}

/**
 * What `run` cost the server: `cpuMs`, the CPU time this process spent meanwhile (synchronous work,
 * whoever's turn it was), and `stallMs`, the longest the event loop stood still (a timer every 5 ms
 * notes its delay). CPU time is the bound that matters and holds on a busy machine; a stall also
 * counts time the OS gave to other processes, so its bound only catches hangs (a walk to the year
 * 9999 or a 400-year expansion costs seconds).
 */
async function cost<T>(run: () => Promise<T>): Promise<{ cpuMs: number; stallMs: number; result: T }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const cpu = process.cpuUsage();
  try {
    const result = await run();
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000, stallMs: histogram.max / 1e6, result };
  } finally {
    histogram.disable();
  }
}
const CPU_MS = 100;
const STALL_MS = 400;
function expectCheap(measured: { cpuMs: number; stallMs: number }, what: string) {
  expect(measured.cpuMs, `${what}: CPU time`).toBeLessThan(CPU_MS);
  expect(measured.stallMs, `${what}: event loop stall`).toBeLessThan(STALL_MS);
}

describe("calendar input bounds: every bad value is a 422 problem, never a 500", () => {
  it.each([
    ["FREQ=DAILY;INTERVAL=-1", /INTERVAL/],
    ["FREQ=DAILY;INTERVAL=0", /INTERVAL/],
    ["FREQ=DAILY;COUNT=abc", /COUNT/],
    [`FREQ=DAILY;COUNT=5000`, new RegExp(`COUNT must be a whole number from 1 to ${MAX_COUNT}`)],
    ["FREQ=WEEKLY;BYDAY=XX", /BYDAY/],
    ["FREQ=MONTHLY;BYMONTHDAY=32", /BYMONTHDAY/],
    ["FREQ=DAILY;UNTIL=99991231T000000Z", /UNTIL/],
    ["FREQ=DAILY;UNTIL=00000101", /UNTIL/],
    ["FREQ=DAILY;FREQ=DAILY", /more than once/],
    ["FREQ=DAILY;BYHOUR=3", /not supported/],
    ["FREQ=YEARLY", /FREQ/],
    [`FREQ=DAILY;${"INTERVAL=1;".repeat(40)}`, /255 characters/],
  ])("rrule %s", async (rrule, message) => {
    const ana = await person(api.http, api.db, "ana");
    const problem = expect422(await post(ana, { title: "x", start_at: "2026-01-01T09:00:00Z", rrule }), "body.rrule");
    expect(problem.detail).toMatch(message);
    // The same rule through PATCH.
    const plain = await createItem(api.http, ana, { title: "plain", start_at: "2026-01-01T09:00:00Z" });
    expect422(await call(api.http, "PATCH", `/schedule-items/${plain.id}`, { token: ana.token, json: { rrule } }), "body.rrule");
  });

  it.each(["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z", "1899-12-31T23:59:59Z", "2201-01-01T00:00:00Z"])(
    "start_at and end_at %s",
    async (date) => {
      const ana = await person(api.http, api.db, "ana");
      expect(expect422(await post(ana, { title: "x", start_at: date }), "body.start_at").detail).toMatch(/years 1900 to 2200/);
      expect422(await post(ana, { title: "x", start_at: "2026-01-01T09:00:00Z", end_at: date }), "body.end_at");
      const plain = await createItem(api.http, ana, { title: "plain", start_at: "2026-01-01T09:00:00Z" });
      expect422(await call(api.http, "PATCH", `/schedule-items/${plain.id}`, { token: ana.token, json: { start_at: date } }), "body.start_at");
      expect422(await list(ana, `start_at=${date.slice(0, 10)}&end_at=2026-01-01`), "query.start_at");
      expect422(await list(ana, `start_at=2026-01-01&end_at=${encodeURIComponent(date)}`), "query.end_at");
    },
  );

  it("the edges of the allowed years are accepted", async () => {
    const ana = await person(api.http, api.db, "ana");
    await createItem(api.http, ana, { title: "first", start_at: "1900-01-01T00:00:00Z", rrule: "FREQ=DAILY;UNTIL=19000105" });
    await createItem(api.http, ana, { title: "last", start_at: "2200-12-31T23:59:59Z" });
    const first = expectOk(await list(ana, "start_at=1900-01-01&end_at=1900-01-31"), 200, itemList);
    expect(first.map((i) => i.start_at.slice(0, 10))).toEqual(["1900-01-01", "1900-01-02", "1900-01-03", "1900-01-04", "1900-01-05"]);
    expect(expectOk(await list(ana, "start_at=2200-12-31&end_at=2200-12-31"), 200, itemList).map((i) => i.title)).toEqual(["last"]);
  });

  it(`a range of more than ${MAX_RANGE_DAYS} days is a 422 naming end_at; ${MAX_RANGE_DAYS} days is fine`, async () => {
    const ana = await person(api.http, api.db, "ana");
    expectOk(await list(ana, "start_at=2026-01-01&end_at=2026-12-31"), 200, itemList);
    expectOk(await list(ana, "start_at=2028-01-01&end_at=2028-12-31"), 200, itemList); // a leap year: 366 days
    expectOk(await list(ana, "start_at=2026-01-01T00:00:00Z&end_at=2027-01-02T00:00:00Z"), 200, itemList);
    for (const query of [
      "start_at=2026-01-01&end_at=2027-01-02T00:00:01Z",
      "start_at=2026-01-01&end_at=2027-01-02",
      "start_at=1900-01-01&end_at=2200-12-31",
      "start_at=2026-01-01T00:00:00Z&end_at=2030-01-01T00:00:00Z",
      // Only an end: the range starts today, so a far end is too long as well.
      "end_at=2200-01-01",
    ]) {
      expect(expect422(await list(ana, query), "query.end_at").detail, query).toMatch(/at most 366 days/);
    }
  });

  it("from after to stays the documented 400 (seed 003: end_at before start_at)", async () => {
    const ana = await person(api.http, api.db, "ana");
    expectProblem(await list(ana, "start_at=2026-05-10&end_at=2026-05-01"), 400);
    expectProblem(await list(ana, "start_at=2200-01-01T00:00:00Z&end_at=1900-01-01T00:00:00Z"), 400);
  });

  it("an occurrence of a repeating item may last at most 366 days", async () => {
    const ana = await person(api.http, api.db, "ana");
    const long = { title: "x", start_at: "2026-01-01T00:00:00Z", end_at: "2028-01-01T00:00:00Z" };
    expect422(await post(ana, { ...long, rrule: "FREQ=MONTHLY" }), "body.end_at");
    const once = await createItem(api.http, ana, long); // without a rule it is fine
    expect422(await call(api.http, "PATCH", `/schedule-items/${once.id}`, { token: ana.token, json: { rrule: "FREQ=WEEKLY" } }), "end_at");
  });
});

describe("the worst items the bounds allow expand without stalling the server", () => {
  /** Dates of the Fridays the 13th of a year. */
  const fridays13 = (year: number) =>
    Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(year, m, 13))).filter((d) => d.getUTCDay() === 5).map((d) => d.toISOString().slice(0, 10));
  const YEARS = [1900, 2026, 2200] as const;
  /** Occurrences each item has in the whole of 1900, 2026 and 2200 (read in Berlin): a count or their dates. */
  // 1 January 1900 was a Monday.
  const worst: { body: Record<string, unknown>; expected: Record<(typeof YEARS)[number], number | string[]> }[] = [
    {
      body: { title: "daily since 1900", start_at: "1900-01-01T09:00:00Z", end_at: "1900-01-01T10:00:00Z", timezone: "Europe/Berlin", rrule: "FREQ=DAILY" },
      expected: { 1900: 365, 2026: 365, 2200: 365 },
    },
    {
      body: { title: "never: Tuesdays of every 7th day from a Monday", start_at: "1900-01-01T09:00:00Z", rrule: "FREQ=DAILY;INTERVAL=7;BYDAY=TU" },
      expected: { 1900: 0, 2026: 0, 2200: 0 },
    },
    {
      body: { title: "never: 1st of the month and its 5th Monday", start_at: "1900-01-01T09:00:00Z", rrule: `FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=+5MO;COUNT=${MAX_COUNT}` },
      expected: { 1900: 0, 2026: 0, 2200: 0 },
    },
    {
      // 1000 of them from 1900 reach past 2200: COUNT is counted from the true start.
      body: { title: "Friday 13th", start_at: "1900-01-01T09:00:00Z", timezone: "America/New_York", rrule: `FREQ=DAILY;BYDAY=FR;BYMONTHDAY=13;COUNT=${MAX_COUNT}` },
      expected: { 1900: fridays13(1900), 2026: fridays13(2026), 2200: fridays13(2200) },
    },
    {
      body: { title: "every day until 2200", start_at: "1900-01-01T09:00:00Z", timezone: "Asia/Tokyo", rrule: "FREQ=DAILY;UNTIL=22001231T235959Z" },
      expected: { 1900: 365, 2026: 365, 2200: 365 },
    },
    {
      body: { title: "all day, daily", start_at: "1900-01-01T00:00:00Z", all_day: true, timezone: "Pacific/Kiritimati", rrule: "FREQ=DAILY" },
      expected: { 1900: 365, 2026: 365, 2200: 365 },
    },
    { body: { title: "COUNT at its maximum", start_at: "2026-01-01T09:00:00Z", rrule: `FREQ=DAILY;COUNT=${MAX_COUNT}` }, expected: { 1900: 0, 2026: 365, 2200: 0 } },
    {
      // Every one started in 2199 still runs when 2200 begins in Berlin (23:00Z on the 31st).
      body: { title: "year-long occurrences", start_at: "2199-01-01T00:00:00Z", end_at: "2200-01-01T00:00:00Z", rrule: "FREQ=DAILY" },
      expected: { 1900: 0, 2026: 0, 2200: 365 + 365 },
    },
  ];
  const wholeYear = (year: number) => `start_at=${year}-01-01&end_at=${year}-12-31&timezone=Europe/Berlin`;

  it.each(worst.map((w) => [w.body.title as string, w] as const))("%s: created, and read over the widest range in 1900, 2026 and 2200", async (_title, { body, expected }) => {
    const ana = await person(api.http, api.db, "ana");
    // One-time costs of a first request (JIT, query plans, zone data) are not the item's.
    await createItem(api.http, ana, { title: "warm-up", start_at: "2100-01-01T00:00:00Z", rrule: "FREQ=DAILY;COUNT=2" });
    expectOk(await list(ana, wholeYear(2100)), 200, itemList);

    const created = await cost(() => post(ana, body));
    expectOk(created.result, 201, item);
    expectCheap(created, "create");
    for (const year of YEARS) {
      const listed = await cost(() => list(ana, wholeYear(year)));
      const mine = expectOk(listed.result, 200, itemList).filter((i) => i.title === body.title);
      const want = expected[year];
      if (typeof want === "number") expect(mine, `${year}`).toHaveLength(want);
      else expect(mine.map((i) => i.start_at.slice(0, 10)), `${year}`).toEqual(want);
      expectCheap(listed, `list ${year}`);
    }
  });

  it(`all of them together: more than ${MAX_LISTED} occurrences in 2200 is a 422, the iCal feed serves them all`, async () => {
    const ana = await person(api.http, api.db, "ana");
    for (const { body } of worst) await createItem(api.http, ana, body);
    expectOk(await list(ana, "start_at=2100-01-01&end_at=2100-01-01"), 200, itemList); // warm-up

    const late = await cost(() => list(ana, wholeYear(2200)));
    expect(expect422(late.result, "query.end_at").detail).toMatch(new RegExp(`more than ${MAX_LISTED}`));
    expectCheap(late, "list 2200");
    expect(expectOk(await list(ana, "start_at=2200-06-01&end_at=2200-06-30"), 200, itemList).length).toBeGreaterThan(4 * 30);

    const created = await call(api.http, "POST", "/calendar/feed", { token: ana.token });
    const path = new URL((created.body as { url: string }).url).pathname;
    await fetch(api.http.url + path).then((r) => r.text()); // warm-up: the first call also compiles the feed's code
    const feed = await cost(() => fetch(api.http.url + path).then(async (r) => ({ status: r.status, text: await r.text() })));
    expect(feed.result.status).toBe(200);
    expect(feed.result.text).toContain("RRULE:FREQ=DAILY;INTERVAL=7;BYDAY=TU");
    expect(feed.result.text.match(/BEGIN:VEVENT/g)).toHaveLength(worst.length);
    expectCheap(feed, "iCal feed");
  });

  it(`an answer of more than ${MAX_LISTED} items and occurrences is a 422 (ask for a shorter range), found without expanding it all`, async () => {
    const ana = await person(api.http, api.db, "ana");
    for (let i = 0; i < 3; i++) await createItem(api.http, ana, { title: `daily ${i}`, start_at: "2026-01-01T09:00:00Z", rrule: "FREQ=DAILY" });
    expectOk(await list(ana, "start_at=2026-01-01&end_at=2026-01-01"), 200, itemList); // warm-up
    const year = await cost(() => list(ana, "start_at=2026-01-01&end_at=2026-12-31"));
    expect(expect422(year.result, "query.end_at").detail).toMatch(new RegExp(`more than ${MAX_LISTED}`));
    expectCheap(year, "list too much");
    // A month is fine.
    expect(expectOk(await list(ana, "start_at=2026-01-01&end_at=2026-01-31"), 200, itemList)).toHaveLength(3 * 31);
  });

  it("a rule stored before the bounds existed neither hangs nor fails the listing or the feed", async () => {
    const ana = await person(api.http, api.db, "ana");
    const legacy = await createItem(api.http, ana, { title: "legacy", start_at: "2026-01-05T09:00:00Z" });
    // What the old validation let through: it hung the expansion (INTERVAL=-1).
    await api.db.scheduleItem.update({ where: { id: legacy.id }, data: { rrule: "FREQ=DAILY;INTERVAL=-1" } });
    const listed = await cost(() => list(ana, "start_at=2026-01-01&end_at=2026-01-31"));
    expect(expectOk(listed.result, 200, itemList).map((i) => i.start_at)).toEqual(["2026-01-05T09:00:00.000Z"]);
    expectCheap(listed, "list with a legacy rule");
    const created = await call(api.http, "POST", "/calendar/feed", { token: ana.token });
    const ics = await (await fetch(api.http.url + new URL((created.body as { url: string }).url).pathname)).text();
    expect(ics).toContain("SUMMARY:legacy");
    expect(ics).not.toContain("INTERVAL=-1");
  });
});
