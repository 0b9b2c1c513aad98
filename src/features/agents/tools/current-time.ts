import { z } from "zod";
import { defineTool } from "./types";

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const currentTime = defineTool({
  name: "current_time",
  description: "The current date and time in an IANA time zone (default UTC), e.g. Europe/Berlin or America/New_York.",
  inputSchema: z.object({
    timezone: z.string().trim().min(1).max(64).refine(isTimeZone, "Not an IANA time zone such as Europe/Berlin").default("UTC").describe("IANA time zone"),
  }),
  async execute(_ctx, { timezone }) {
    const now = new Date();
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: timezone,
        year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
        weekday: "long", timeZoneName: "longOffset", hourCycle: "h23",
      })
        .formatToParts(now)
        .map((p) => [p.type, p.value]),
    );
    const offset = parts.timeZoneName === "GMT" ? "+00:00" : String(parts.timeZoneName).replace(/^GMT/, "");
    return {
      timezone,
      utc: now.toISOString(),
      local: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`,
      weekday: parts.weekday,
      utc_offset: offset,
    };
  },
});
