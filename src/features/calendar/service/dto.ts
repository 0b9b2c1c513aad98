import type { ScheduleItem } from "@/generated/prisma/client";
import type { ItemDto } from "../schemas";

export function toItemDto(
  item: ScheduleItem,
  viewerId: string,
  permissions: number,
  occurrence?: { start: Date; end: Date | null },
): ItemDto {
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    start_at: (occurrence?.start ?? item.startAt).toISOString(),
    end_at: (occurrence ? occurrence.end : item.endAt)?.toISOString() ?? null,
    timezone: item.timezone,
    all_day: item.allDay,
    rrule: item.rrule,
    metadata: (item.metadata ?? {}) as Record<string, unknown>,
    status: item.status,
    source_type: item.sourceType,
    owner_id: item.ownerId,
    permissions,
    shared: item.ownerId !== viewerId,
    occurrence_of: occurrence ? item.startAt.toISOString() : null,
    created_at: item.createdAt.toISOString(),
    updated_at: item.updatedAt.toISOString(),
  };
}
