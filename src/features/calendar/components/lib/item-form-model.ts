import type { FieldErrors } from "@/lib/form-errors";
import { zodFieldErrors } from "@/lib/form-errors";
import { MAX_COUNT, yearBoundsMessage, yearInBounds } from "../../limits";
import { itemCreate, itemUpdate, type ItemCreate, type ItemUpdate } from "../../schemas";
import { addDays, fromWall, startOfDateInZone, toWall } from "../../time";
import { DEFAULT_COLOR, type CalendarItem } from "./layout";
import { buildRrule, NO_REPEAT, parseRrule, type RepeatForm } from "./rrule";
import { minutesToTime } from "./dates";

export interface ItemForm {
  title: string;
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  timezone: string;
  repeat: RepeatForm;
  location: string;
  color: string;
  description: string;
}

export interface NewItemDefaults {
  date: string;
  /** Minutes after midnight; 1440 means the next midnight. */
  start?: number;
  end?: number;
  allDay?: boolean;
}

const wallParts = (instant: string, tz: string) => {
  const iso = toWall(new Date(instant), tz).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
};

export function formForNew({ date, start, end, allDay = false }: NewItemDefaults, tz: string): ItemForm {
  // An all-day pick keeps 09:00–10:00 ready in case the toggle is switched off.
  const from = allDay || start === undefined ? 9 * 60 : start;
  const finish = allDay || end === undefined ? Math.min(from + 60, 24 * 60) : end;
  const nextDay = !allDay && finish >= 24 * 60;
  return {
    title: "",
    allDay,
    startDate: date,
    startTime: minutesToTime(from),
    endDate: nextDay ? addDays(date, 1) : date,
    endTime: nextDay ? "00:00" : minutesToTime(finish),
    timezone: tz,
    repeat: NO_REPEAT,
    location: "",
    color: DEFAULT_COLOR,
    description: "",
  };
}

/** The form of an existing item (the series, for a recurring one), in the item's own zone. */
export function formFromItem(item: CalendarItem): ItemForm {
  const tz = item.timezone;
  const start = wallParts(item.start_at, tz);
  const endInstant = item.end_at ?? new Date(new Date(item.start_at).getTime() + 3600_000).toISOString();
  const end = item.all_day ? wallParts(new Date(new Date(endInstant).getTime() - 1).toISOString(), tz) : wallParts(endInstant, tz);
  const meta = item.metadata ?? {};
  return {
    title: item.title,
    allDay: item.all_day,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date < start.date ? start.date : end.date,
    endTime: item.all_day ? "10:00" : end.time,
    timezone: tz,
    repeat: parseRrule(item.rrule, tz),
    location: typeof meta.location === "string" ? meta.location : "",
    color: typeof meta.color === "string" ? meta.color : DEFAULT_COLOR,
    description: item.description ?? "",
  };
}

function instants(form: ItemForm) {
  const tz = form.timezone;
  if (form.allDay) {
    return { start: startOfDateInZone(form.startDate, tz), end: startOfDateInZone(addDays(form.endDate, 1), tz) };
  }
  return {
    start: fromWall(new Date(`${form.startDate}T${form.startTime}:00Z`), tz),
    end: fromWall(new Date(`${form.endDate}T${form.endTime}:00Z`), tz),
  };
}

/** Checks what zod cannot see (the order of start and end, the repeat fields), and the title, so all show at once. */
function checkTimes(form: ItemForm): FieldErrors {
  const errors: FieldErrors = form.title.trim() ? {} : { title: "Give it a title" };
  const validDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  const validTime = (t: string) => /^\d{2}:\d{2}$/.test(t);
  if (!validDate(form.startDate)) errors.startDate = "Pick a date";
  if (!validDate(form.endDate)) errors.endDate = "Pick a date";
  if (!form.allDay && !validTime(form.startTime)) errors.startTime = "Pick a time";
  if (!form.allDay && !validTime(form.endTime)) errors.endTime = "Pick a time";
  if (errors.startDate || errors.endDate || errors.startTime || errors.endTime) return errors;
  const { start, end } = instants(form);
  if (form.allDay ? form.endDate < form.startDate : end <= start) errors[form.allDay ? "endDate" : "endTime"] = "Ends before it starts";
  const r = form.repeat;
  if (r.freq !== "none" && r.freq !== "custom") {
    if (r.ends === "count" && !(Number.isInteger(Number(r.count)) && Number(r.count) >= 1 && Number(r.count) <= MAX_COUNT)) errors.repeat = `Enter a number from 1 to ${MAX_COUNT}`;
    if (r.ends === "until" && (!validDate(r.until) || r.until < form.startDate)) errors.repeat = "Pick an end date on or after the start";
    else if (r.ends === "until" && !yearInBounds(r.until)) errors.repeat = yearBoundsMessage;
  }
  return errors;
}

function payload(form: ItemForm, baseMetadata: Record<string, unknown> = {}) {
  const { start, end } = instants(form);
  const metadata: Record<string, unknown> = { ...baseMetadata, color: form.color };
  if (form.location.trim()) metadata.location = form.location.trim();
  else delete metadata.location;
  return {
    title: form.title,
    description: form.description.trim() || null,
    start_at: start.toISOString(),
    end_at: end.toISOString(),
    timezone: form.timezone,
    all_day: form.allDay,
    rrule: buildRrule(form.repeat, form.timezone),
    metadata,
  };
}

type Result<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };
const mapKeys = (errors: FieldErrors): FieldErrors => {
  const renamed: Record<string, string> = { start_at: "startDate", end_at: "endTime", rrule: "repeat", metadata: "location" };
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [renamed[k] ?? k, v]));
};

export function toCreateInput(form: ItemForm): Result<ItemCreate> {
  const errors = checkTimes(form);
  if (Object.keys(errors).length) return { ok: false, errors };
  const parsed = itemCreate.safeParse(payload(form));
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: mapKeys(zodFieldErrors(parsed.error)) };
}

/** Only what changed, so editing a title never rewrites the times of a series. */
export function toPatch(form: ItemForm, original: CalendarItem): Result<ItemUpdate> {
  const errors = checkTimes(form);
  if (Object.keys(errors).length) return { ok: false, errors };
  const next = payload(form, original.metadata);
  const before = payload(formFromItem(original), original.metadata);
  const patch: Record<string, unknown> = {};
  if (next.title !== original.title) patch.title = next.title;
  if (next.description !== (original.description ?? null)) patch.description = next.description;
  const timesChanged = (["start_at", "end_at", "timezone", "all_day"] as const).some((k) => next[k] !== before[k]);
  if (timesChanged) Object.assign(patch, { start_at: next.start_at, end_at: next.end_at, timezone: next.timezone, all_day: next.all_day });
  if (next.rrule !== before.rrule) patch.rrule = next.rrule;
  if (JSON.stringify(next.metadata) !== JSON.stringify(before.metadata)) patch.metadata = next.metadata;
  const parsed = itemUpdate.safeParse(patch);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: mapKeys(zodFieldErrors(parsed.error)) };
}
