import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import {
  acceptFriendRequest, cancelFriendRequest, declineFriendRequest, incomingRequests, listFriends, outgoingRequests, removeFriend, sendFriendRequest,
} from "./service";

const TAGS = ["Friends"];

/** Seed 003's Friends section. */
export const socialRoutes = [
  route({
    method: "POST", path: "/friends/requests", auth: "user", tags: TAGS,
    summary: "Send a friend request with an optional note",
    body: s.friendRequestCreate, status: 201, response: s.friendRequest, errors: [400, 404, 409],
    handler: (ctx, { body }) => sendFriendRequest(ctx, body),
  }),
  route({
    method: "GET", path: "/friends/requests/inbox", auth: "user", tags: TAGS,
    summary: "Pending requests sent to you",
    status: 200, response: s.friendRequestList,
    handler: (ctx) => incomingRequests(ctx),
  }),
  route({
    method: "GET", path: "/friends/requests/outgoing", auth: "user", tags: TAGS,
    summary: "Your pending requests",
    status: 200, response: s.friendRequestList,
    handler: (ctx) => outgoingRequests(ctx),
  }),
  route({
    method: "POST", path: "/friends/requests/{id}/accept", auth: "user", tags: TAGS,
    summary: "Accept a request: you become friends",
    params: s.anyIdParam, status: 200, response: s.friendRequest, errors: [404, 409],
    handler: (ctx, { params }) => acceptFriendRequest(ctx, params.id),
  }),
  route({
    method: "POST", path: "/friends/requests/{id}/decline", auth: "user", tags: TAGS,
    summary: "Decline a request",
    params: s.anyIdParam, status: 200, response: s.friendRequest, errors: [404, 409],
    handler: (ctx, { params }) => declineFriendRequest(ctx, params.id),
  }),
  route({
    method: "DELETE", path: "/friends/requests/{id}", auth: "user", tags: TAGS,
    summary: "Withdraw a request you sent",
    params: s.anyIdParam, status: 204, errors: [404],
    handler: (ctx, { params }) => cancelFriendRequest(ctx, params.id),
  }),
  route({
    method: "GET", path: "/friends", auth: "user", tags: TAGS,
    summary: "Your friends",
    status: 200, response: s.friendList,
    handler: (ctx) => listFriends(ctx),
  }),
  route({
    method: "DELETE", path: "/friends/{id}", auth: "user", tags: TAGS,
    summary: "End a friendship (by friendship id or friend's user id)",
    params: s.anyIdParam, status: 204, errors: [404],
    handler: (ctx, { params }) => removeFriend(ctx, params.id),
  }),
];
