import "server-only";
import { z } from "zod";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { createFeed, feedStatus, renderFeed, revokeFeed } from "./service/feed";
import { createItem, deleteItem, getItem, listItems, updateItem } from "./service/items";
import { acceptInvitation, dismissInvitation, listInbox, shareItem } from "./service/sharing";

const CAL = ["Schedule items"];
const INBOX = ["Inbox"];

/** Seed 003's Schedule Items and Inbox Messages sections, plus the iCalendar feed. */
export const calendarRoutes = [
  route({
    method: "POST", path: "/schedule-items", auth: "user", tags: CAL,
    summary: "Create a calendar item (UTC instants + IANA timezone; optional all_day and RRULE)",
    body: s.itemCreate, status: 201, response: s.item, errors: [400],
    handler: (ctx, { body }) => createItem(ctx, body),
  }),
  route({
    method: "GET", path: "/schedule-items", auth: "user", tags: CAL,
    summary: "Items overlapping a range: yours and those shared with you; recurring ones expanded",
    query: s.rangeQuery, status: 200, response: s.itemList, errors: [400],
    handler: (ctx, { query }) => listItems(ctx, query),
  }),
  route({
    method: "GET", path: "/schedule-items/{id}", auth: "user", tags: CAL,
    summary: "One item (needs view)",
    params: idParam, status: 200, response: s.item, errors: [404],
    handler: (ctx, { params }) => getItem(ctx, params.id),
  }),
  route({
    method: "PATCH", path: "/schedule-items/{id}", auth: "user", tags: CAL,
    summary: "Change an item (needs edit); only the fields sent change",
    params: idParam, body: s.itemUpdate, status: 200, response: s.item, errors: [400, 403, 404],
    handler: (ctx, { params, body }) => updateItem(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/schedule-items/{id}", auth: "user", tags: CAL,
    summary: "Delete an item (owner only; soft delete, it vanishes for everyone)",
    params: idParam, status: 204, errors: [403, 404],
    handler: (ctx, { params }) => deleteItem(ctx, params.id),
  }),
  route({
    method: "POST", path: "/schedule-items/{id}/share", auth: "user", tags: CAL,
    summary: "Invite someone by e-mail with view / edit / invite permissions",
    params: idParam, body: s.share, status: 200, response: s.shareResult, errors: [400, 403, 404],
    handler: (ctx, { params, body }) => shareItem(ctx, params.id, body),
  }),
  route({
    method: "GET", path: "/inbox/messages", auth: "user", tags: INBOX,
    summary: "Your invitations, optionally by status",
    query: s.inboxQuery, status: 200, response: s.inboxList,
    handler: (ctx, { query }) => listInbox(ctx, query),
  }),
  route({
    method: "POST", path: "/inbox/messages/{id}/accept", auth: "user", tags: INBOX,
    summary: "Accept an invitation with the permissions you choose (at most those offered)",
    params: idParam, body: s.acceptInvitation.default({ permission_view: true, permission_edit: false, permission_invite: false }),
    status: 204, errors: [400, 404],
    handler: (ctx, { params, body }) => acceptInvitation(ctx, params.id, body),
  }),
  route({
    method: "POST", path: "/inbox/messages/{id}/dismiss", auth: "user", tags: INBOX,
    summary: "Dismiss an invitation",
    params: idParam, status: 204, errors: [400, 404],
    handler: (ctx, { params }) => dismissInvitation(ctx, params.id),
  }),
  route({
    method: "GET", path: "/calendar/feed", auth: "user", tags: CAL,
    summary: "Whether you have an active iCalendar feed",
    status: 200, response: s.feedStatus,
    handler: (ctx) => feedStatus(ctx),
  }),
  route({
    method: "POST", path: "/calendar/feed", auth: "user", tags: CAL,
    summary: "Make a new secret iCalendar feed URL (shown once; the previous one stops working)",
    status: 201, response: s.feedCreated,
    handler: (ctx) => createFeed(ctx, new URL(ctx.request.url).origin),
  }),
  route({
    method: "DELETE", path: "/calendar/feed", auth: "user", tags: CAL,
    summary: "Revoke your iCalendar feed URL",
    status: 204,
    handler: (ctx) => revokeFeed(ctx),
  }),
  route({
    method: "GET", path: "/calendar/feeds/{token}.ics", auth: "public", tags: CAL,
    summary: "The iCalendar feed (the secret token is the credential)",
    params: z.object({ token: z.string().min(16).max(128) }), status: 200, errors: [404],
    handler: async ({ db }, { params }) =>
      new Response(await renderFeed(db, params.token), {
        headers: { "content-type": "text/calendar; charset=utf-8", "cache-control": "private, max-age=300" },
      }),
  }),
];
