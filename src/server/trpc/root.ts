import { calendarRouter, inboxRouter } from "@/features/calendar/router";
import { identityRouter } from "@/features/identity/router";
import { notificationsRouter } from "@/features/notifications/router";
import { socialRouter } from "@/features/social/router";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  identity: identityRouter,
  social: socialRouter,
  calendar: calendarRouter,
  inbox: inboxRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
