import { dateInZone, fromWall } from "../../time";

export type RepeatFreq = "none" | "daily" | "weekly" | "monthly" | "custom";
export interface RepeatForm {
  freq: RepeatFreq;
  ends: "never" | "until" | "count";
  /** YYYY-MM-DD, the last day an occurrence may start (in the item's zone). */
  until: string;
  count: string;
  /** A rule this form cannot express (INTERVAL, BYDAY…), kept as it was. */
  raw?: string;
}

export const NO_REPEAT: RepeatForm = { freq: "none", ends: "never", until: "", count: "5" };

/** `FREQ=WEEKLY;COUNT=5`, `FREQ=DAILY;UNTIL=20261231T225959Z` (end of that day in the zone), or null. */
export function buildRrule(repeat: RepeatForm, tz: string): string | null {
  if (repeat.freq === "none") return null;
  if (repeat.freq === "custom") return repeat.raw ?? null;
  let rule = `FREQ=${repeat.freq.toUpperCase()}`;
  if (repeat.ends === "count") rule += `;COUNT=${Number(repeat.count)}`;
  if (repeat.ends === "until" && repeat.until) {
    const until = fromWall(new Date(`${repeat.until}T23:59:59Z`), tz);
    rule += `;UNTIL=${until.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`;
  }
  return rule;
}

const untilToDate = (value: string) => {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))) : null;
};

export function parseRrule(rrule: string | null | undefined, tz: string): RepeatForm {
  if (!rrule) return NO_REPEAT;
  const body = rrule.replace(/^RRULE:/i, "");
  const parts = Object.fromEntries(body.split(";").map((p) => p.split("=") as [string, string]).map(([k, v]) => [k.toUpperCase(), v]));
  const freq = parts.FREQ?.toLowerCase();
  const simple = Object.keys(parts).every((k) => ["FREQ", "COUNT", "UNTIL", "WKST"].includes(k) || (k === "INTERVAL" && parts[k] === "1"));
  if (!simple || !(freq === "daily" || freq === "weekly" || freq === "monthly")) return { ...NO_REPEAT, freq: "custom", raw: body };
  const until = parts.UNTIL ? untilToDate(parts.UNTIL) : null;
  if (until) return { freq, ends: "until", until: dateInZone(until, tz), count: "5" };
  if (parts.COUNT) return { freq, ends: "count", until: "", count: parts.COUNT };
  return { freq, ends: "never", until: "", count: "5" };
}

export function describeRrule(rrule: string | null | undefined, tz: string) {
  const r = parseRrule(rrule, tz);
  if (r.freq === "none") return null;
  if (r.freq === "custom") return `Repeats (${r.raw})`;
  const base = `Repeats ${r.freq}`;
  if (r.ends === "count") return `${base}, ${r.count} times`;
  if (r.ends === "until") return `${base} until ${r.until}`;
  return base;
}
