import { z } from "zod";
import { MAX_RANGE_DAYS, MAX_RRULE_LENGTH, yearBoundsMessage, yearInBounds } from "./limits";
import { parseRrule } from "./rrule-parse";
import { isTimeZone } from "./time";

/** Permission bits of seed 003: combinable, the owner holds all. */
export const PERMISSION = { view: 1, invite: 2, edit: 4 } as const;
export const ALL_PERMISSIONS = 7;

/** Every accepted date lies in the years MIN_YEAR..MAX_YEAR of limits.ts (as written). */
const instant = z.iso
  .datetime({ offset: true, message: "Use an ISO 8601 date-time such as 2026-03-07T09:00:00Z", abort: true })
  .refine(yearInBounds, yearBoundsMessage);
/** Range bounds accept a date (YYYY-MM-DD) or a date-time. */
const dateOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { message: "Use an ISO 8601 date or date-time" })
  .refine(yearInBounds, yearBoundsMessage);
/** An RRULE of the supported subset, checked part by part (rrule-parse.ts); each problem is one issue. "" means none. */
const rrule = z
  .string()
  .trim()
  .max(MAX_RRULE_LENGTH, { message: `Keep the rule under ${MAX_RRULE_LENGTH} characters`, abort: true })
  .superRefine((value, ctx) => {
    const parsed = value ? parseRrule(value) : null;
    if (parsed && !parsed.ok) for (const message of parsed.errors) ctx.addIssue({ code: "custom", message });
  });
export const timezone = z.string().trim().min(1).max(64).refine(isTimeZone, "Not an IANA time zone such as Europe/Berlin");

export const itemMetadata = z
  .object({
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #FF6B6B").optional(),
    location: z.string().max(500).optional(),
    notes: z.string().max(2000).optional(),
    attachments: z.array(z.unknown()).max(50).optional(),
    version: z.number().int().optional(),
  })
  .catchall(z.unknown());

export const itemCreate = z.object({
  title: z.string().trim().min(1, "Give it a title").max(255),
  description: z.string().max(2000).nullable().optional(),
  start_at: instant,
  end_at: instant.nullable().optional(),
  timezone: timezone.default("UTC"),
  all_day: z.boolean().default(false),
  rrule: rrule.nullable().optional(),
  metadata: itemMetadata.default({}),
});

export const itemUpdate = z
  .object({
    title: z.string().trim().min(1).max(255),
    description: z.string().max(2000).nullable(),
    start_at: instant,
    end_at: instant.nullable(),
    timezone,
    all_day: z.boolean(),
    rrule: rrule.nullable(),
    metadata: itemMetadata,
    status: z.enum(["active", "cancelled", "completed"]),
  })
  .partial()
  .strict();

/** Milliseconds a range spans, reading date-only bounds as whole UTC days (the service checks in the viewer's zone). */
export function rangeSpanMs(start: string, end: string) {
  const at = (value: string, endOfDay: boolean) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) + (endOfDay && value.length === 10 ? 86_400_000 : 0);
  return at(end, true) - at(start, false);
}
export const MAX_RANGE_MS = MAX_RANGE_DAYS * 86_400_000;
export const rangeTooLongMessage = `A range may span at most ${MAX_RANGE_DAYS} days; ask for a shorter one`;

export const rangeQuery = z
  .object({
    start_at: dateOrInstant.optional(),
    end_at: dateOrInstant.optional(),
    /** Zone that date-only bounds and all-day items are read in (the viewer's). */
    timezone: timezone.default("UTC"),
  })
  .superRefine((q, ctx) => {
    if (q.start_at && q.end_at && rangeSpanMs(q.start_at, q.end_at) > MAX_RANGE_MS) ctx.addIssue({ code: "custom", path: ["end_at"], message: rangeTooLongMessage });
  });

export const item = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable().optional(),
  start_at: z.string(),
  end_at: z.string().nullable().optional(),
  timezone: z.string(),
  all_day: z.boolean(),
  rrule: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  status: z.string(),
  source_type: z.string(),
  owner_id: z.string(),
  /** Your permission bits on this item (7 when it is yours). */
  permissions: z.number().int(),
  /** True when the item is someone else's, shared with you. */
  shared: z.boolean(),
  /** For an occurrence of a recurring item: the start of the series' first occurrence (start_at is this occurrence's). */
  occurrence_of: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const itemList = z.array(item);

export const share = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid e-mail address" })),
  permission_view: z.boolean().default(true),
  permission_edit: z.boolean().default(false),
  permission_invite: z.boolean().default(false),
});
export const shareResult = z.object({ message: z.string() });

export const inboxQuery = z.object({ status: z.enum(["pending", "accepted", "rejected", "dismissed"]).optional() });
export const inboxMessage = z.object({
  id: z.string(),
  recipient_id: z.string(),
  sender_id: z.string().nullable(),
  message_type: z.string(),
  schedule_item_id: z.string().nullable(),
  content: z.string().nullable(),
  is_read: z.boolean(),
  status: z.string(),
  /** The permission bits offered by the sender. */
  permissions: z.number().int(),
  created_at: z.string(),
  sender: z.object({ id: z.string(), username: z.string(), avatar_url: z.string().nullable() }).nullable().optional(),
  schedule_item: z
    .object({ id: z.string(), title: z.string(), start_at: z.string(), end_at: z.string().nullable(), timezone: z.string(), all_day: z.boolean() })
    .nullable()
    .optional(),
});
export const inboxList = z.array(inboxMessage);
export const acceptInvitation = z.object({
  permission_view: z.boolean().default(true),
  permission_edit: z.boolean().default(false),
  permission_invite: z.boolean().default(false),
});
export const feedCreated = z.object({ url: z.string(), created_at: z.string() });
export const feedStatus = z.object({ active: z.boolean(), created_at: z.string().nullable() });

export const bitsOf = (p: { permission_view?: boolean; permission_edit?: boolean; permission_invite?: boolean }) =>
  (p.permission_view ? PERMISSION.view : 0) | (p.permission_invite ? PERMISSION.invite : 0) | (p.permission_edit ? PERMISSION.edit : 0);

export type ItemDto = z.infer<typeof item>;
export type ItemCreate = z.infer<typeof itemCreate>;
export type ItemUpdate = z.infer<typeof itemUpdate>;
