import { z } from "zod";
import { booleanQuery } from "@/lib/wire";

export const notification = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  content: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  is_read: z.boolean(),
  read_at: z.string().nullable(),
  created_at: z.string(),
});
export const notificationList = z.array(notification);
export const notificationQuery = z.object({
  unread_only: booleanQuery.describe("Only unread notifications"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const unreadCount = z.object({ count: z.number().int() });
export const readAllResult = z.object({ updated: z.number().int() });

export type NotificationDto = z.infer<typeof notification>;
