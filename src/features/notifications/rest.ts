import "server-only";
import { idParam } from "@/features/identity/schemas";
import { getEventBus } from "@/server/events";
import { route } from "@/server/http/route-table";
import { streamBus } from "@/server/http/sse";
import * as s from "./schemas";
import { deleteNotification, listNotifications, markAllRead, markRead, unreadCount, userStream } from "./service";

const TAGS = ["Notifications"];

/** Seed 004's notifications module, plus the live stream the dashboard listens to. */
export const notificationRoutes = [
  route({
    method: "GET", path: "/notifications", auth: "user", tags: TAGS,
    summary: "Your notifications, newest first",
    query: s.notificationQuery, status: 200, response: s.notificationList,
    handler: (ctx, { query }) => listNotifications(ctx, query),
  }),
  route({
    method: "GET", path: "/notifications/unread-count", auth: "user", tags: TAGS,
    summary: "How many notifications are unread",
    status: 200, response: s.unreadCount,
    handler: (ctx) => unreadCount(ctx),
  }),
  route({
    method: "PUT", path: "/notifications/read-all", auth: "user", tags: TAGS,
    summary: "Mark every notification read",
    status: 200, response: s.readAllResult,
    handler: (ctx) => markAllRead(ctx),
  }),
  route({
    method: "PUT", path: "/notifications/{id}/read", auth: "user", tags: TAGS,
    summary: "Mark one notification read",
    params: idParam, status: 200, response: s.notification, errors: [404],
    handler: (ctx, { params }) => markRead(ctx, params.id),
  }),
  route({
    method: "DELETE", path: "/notifications/{id}", auth: "user", tags: TAGS,
    summary: "Delete a notification",
    params: idParam, status: 204, errors: [404],
    handler: (ctx, { params }) => deleteNotification(ctx, params.id),
  }),
  route({
    method: "GET", path: "/notifications/stream", auth: "user", tags: TAGS,
    summary: "Live notifications as Server-Sent Events (resume with Last-Event-ID)",
    description: "Events: `notification` (a new notification), `notification_read`. Heartbeat comments every 15 s.",
    status: 200,
    handler: async (ctx) => streamBus(ctx.request, getEventBus(), userStream(ctx.viewer.userId)),
  }),
];
