import { describe, expect, it } from "vitest";
import { checkedCron, nextRunAfter } from "@/features/workflows/schedules/cron";
import { AppError } from "@/server/errors";

describe("schedule cron", () => {
  it("reads the cron in its time zone, across a daylight-saving change", () => {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29: 09:00 local is 08:00 UTC before, 07:00 UTC after.
    expect(nextRunAfter("0 9 * * *", "Europe/Berlin", new Date("2026-03-28T12:00:00Z"))?.toISOString()).toBe("2026-03-29T07:00:00.000Z");
    expect(nextRunAfter("0 9 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z"))?.toISOString()).toBe("2026-03-28T08:00:00.000Z");
    expect(nextRunAfter("30 8 * * 1-5", "UTC", new Date("2026-12-05T00:00:00Z"))?.toISOString()).toBe("2026-12-07T08:30:00.000Z"); // Saturday -> Monday
  });

  it("refuses bad crons and zones against their field", () => {
    const issueOf = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).extra.issues?.[0]?.path;
      }
      return null;
    };
    expect(issueOf(() => checkedCron("0 9 * *", "UTC"))).toBe("body.cron");
    expect(issueOf(() => checkedCron("61 9 * * *", "UTC"))).toBe("body.cron");
    expect(issueOf(() => checkedCron("0 9 * * *", "Nowhere/City", ""))).toBe("timezone");
    expect(issueOf(() => checkedCron("*/15 * * * *", "America/New_York"))).toBeNull();
  });
});
