import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { resendCode, signIn, startSignup, verifyCode } from "./service/accounts";
import { createApiKey, listApiKeys, revokeApiKey } from "./service/api-keys";
import { endSession, rotateRefreshToken, startAccessOnlySession } from "./service/tokens";
import { checkCredentials } from "./service/accounts";
import { identityAudit } from "./service/audit-events";
import { AppError } from "@/server/errors";
import { getMe, getProfile, lookupByEmail, register, searchUsers, updateProfile } from "./service/users";

const AUTH = ["Auth"];
const USERS = ["Users"];

/** Identity's entries in the /api/v1 table: seed 003's Auth and Users sections, seed 004's auth module. */
export const identityRoutes = [
  route({
    method: "POST", path: "/auth/verifications", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Start a sign-up: mails a 6-digit code",
    body: s.signupRequest, status: 202, response: s.signupAccepted, errors: [409, 422, 429],
    handler: (ctx, { body }) => startSignup(ctx, body),
  }),
  route({
    method: "POST", path: "/auth/resend", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Send a new sign-up or recovery code",
    body: s.resendRequest, status: 204, errors: [422, 429],
    handler: (ctx, { body }) => resendCode(ctx, body),
  }),
  route({
    method: "POST", path: "/auth/verify", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Check a code: sign-up returns tokens (200), recovery sets the new password (204)",
    body: s.verifyRequest, status: 200, alsoReturns: [204], response: s.sessionTokens, errors: [401, 409, 422, 429],
    handler: async (ctx, { body }) => (await verifyCode(ctx, body)) ?? new Response(null, { status: 204 }),
  }),
  route({
    method: "POST", path: "/auth/sessions", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Sign in with e-mail and password",
    body: s.signInRequest, status: 200, response: s.sessionTokens, errors: [401, 422, 429],
    handler: (ctx, { body }) => signIn(ctx, body),
  }),
  route({
    method: "POST", path: "/auth/sessions/refresh", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Exchange a refresh token for a new pair (the old one stops working)",
    body: s.refreshRequest, status: 200, response: s.sessionTokens, errors: [401, 422, 429],
    handler: ({ db }, { body }) => rotateRefreshToken(db, body.refresh_token),
  }),
  route({
    method: "DELETE", path: "/auth/sessions", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Sign out: revokes the refresh token's session",
    body: s.refreshRequest, status: 204, errors: [422, 429],
    handler: ({ db, ip }, { body }) => endSession(db, body.refresh_token, ip),
  }),
  route({
    method: "GET", path: "/auth/users", auth: "user", tags: AUTH,
    summary: "Look a user up by exact e-mail address",
    query: s.userLookupQuery, status: 200, response: s.userLookup, errors: [401, 403, 404, 422],
    handler: (ctx, { query }) => lookupByEmail(ctx, query.email),
  }),
  route({
    method: "POST", path: "/auth/register", auth: "public", tags: AUTH, rateLimit: "auth",
    summary: "Register with e-mail, password and nickname (seed 004)",
    body: s.registerRequest, status: 201, response: s.registeredUser, errors: [409, 422, 429],
    handler: ({ db, ip }, { body }) => register(db, body, ip),
  }),
  route({
    method: "POST", path: "/auth/login", auth: "public", tags: AUTH, rateLimit: "auth", bodyType: "form",
    summary: "Sign in with an HTML form (username = e-mail or username) (seed 004)",
    body: s.loginForm, status: 200, response: s.loginResult, errors: [401, 422, 429],
    handler: async ({ db, ip }, { body }) => {
      const user = await checkCredentials(db, body.username, body.password, { via: "form_login", ip });
      if (!user) throw new AppError("UNAUTHORIZED", "Wrong username or password");
      return startAccessOnlySession(db, user, identityAudit.signedIn(user, "form_login", ip));
    },
  }),
  route({
    method: "GET", path: "/auth/me", auth: "user", tags: AUTH,
    summary: "The signed-in account (seed 004)",
    status: 200, response: s.me, errors: [401],
    handler: (ctx) => getMe(ctx),
  }),
  route({
    method: "GET", path: "/users/me", auth: "user", tags: USERS,
    summary: "Your profile",
    status: 200, response: s.profile, errors: [401],
    handler: (ctx) => getProfile(ctx),
  }),
  route({
    method: "PATCH", path: "/users/me", auth: "user", tags: USERS,
    summary: "Change your username, avatar URL or bio",
    body: s.profileUpdate, status: 200, response: s.profile, errors: [401, 409, 422],
    handler: (ctx, { body }) => updateProfile(ctx, body),
  }),
  route({
    method: "POST", path: "/users/search", auth: "user", tags: USERS,
    summary: "Find people: by username (fuzzy, up to 20) or exact e-mail",
    body: s.userSearchRequest, status: 200, response: s.profileList, errors: [401, 422],
    handler: (ctx, { body }) => searchUsers(ctx, body.query),
  }),
  route({
    method: "GET", path: "/users/me/api-keys", auth: "user", tags: USERS,
    summary: "Your personal API keys (never the keys themselves)",
    status: 200, response: s.apiKeySummary.array(), errors: [401],
    handler: (ctx) => listApiKeys(ctx),
  }),
  route({
    method: "POST", path: "/users/me/api-keys", auth: "user", tags: USERS,
    summary: "Create a personal API key; the key is shown in this response only",
    body: s.apiKeyCreate, status: 201, response: s.apiKeyCreated, errors: [401, 422],
    handler: (ctx, { body }) => createApiKey(ctx, body),
  }),
  route({
    method: "DELETE", path: "/users/me/api-keys/{id}", auth: "user", tags: USERS,
    summary: "Revoke a personal API key",
    params: s.idParam, status: 204, errors: [401, 404],
    handler: (ctx, { params }) => revokeApiKey(ctx, params.id),
  }),
];
