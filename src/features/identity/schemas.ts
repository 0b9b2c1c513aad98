import { z } from "zod";

/**
 * Identity's wire shapes, shared by REST (seeds 003 and 004), tRPC and the OpenAPI document.
 * Field names follow the seeds (snake_case on the wire).
 */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address" }).max(254));
export const password = z.string().min(6, "At least 6 characters").max(256, "At most 256 characters");
export const username = z
  .string()
  .trim()
  .min(3, "At least 3 characters")
  .max(30, "At most 30 characters")
  .regex(/^[^\s@]+$/, "No spaces or @ signs");
export const code6 = z.string().trim().regex(/^\d{6}$/, "The code has 6 digits");
const redirectTo = z.string().max(2048).optional();

export const signupRequest = z.object({
  username,
  email,
  password,
  redirect_to: redirectTo,
  /** Invalid codes never block sign-up, so any short string is accepted and checked later. */
  invite_code: z.string().trim().max(32).optional(),
});
export const signupAccepted = z.object({ email: z.string() });

export const codeType = z.enum(["signup", "recovery"]);
export const resendRequest = z.object({
  type: codeType.default("signup"),
  email,
  redirect_to: redirectTo,
});

export const verifyRequest = z.discriminatedUnion("type", [
  z.object({ type: z.literal("signup"), email, token: code6 }),
  z.object({ type: z.literal("recovery"), email, token: code6, new_password: password }),
]);

export const sessionUser = z.object({ id: z.string(), email: z.string() });
export const sessionTokens = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
  token_type: z.literal("bearer"),
  user: sessionUser,
});

export const signInRequest = z.object({ email, password: z.string().min(6).max(256) });
export const refreshRequest = z.object({ refresh_token: z.string().min(1).max(512) });

export const userLookupQuery = z.object({ email });
export const userLookup = z.object({
  id: z.string(),
  email: z.string(),
  created_at: z.string(),
  email_confirmed_at: z.string().nullable().optional(),
});

export const profile = z.object({
  id: z.string(),
  username: z.string(),
  avatar_url: z.string().nullable().optional(),
  bio: z.string().nullable().optional(),
});
export const profileUpdate = z
  .object({
    username: username.optional(),
    avatar_url: z
      .union([z.url({ protocol: /^https?$/, message: "Use an http(s) URL" }).max(2048), z.literal("")])
      .nullable()
      .optional(),
    bio: z.string().max(200, "At most 200 characters").nullable().optional(),
  })
  .strict();
export const userSearchRequest = z.object({ query: z.string().trim().min(1).max(100) });
export const profileList = z.array(profile);

/** Seed 004's auth module. */
export const registerRequest = z.object({ email, password, nickname: z.string().trim().min(1).max(30) });
export const registeredUser = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  nickname: z.string(),
  created_at: z.string(),
});
export const loginForm = z.object({ username: z.string().trim().min(1).max(254), password: z.string().min(1).max(256) });
export const loginResult = z.object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number().int() });
export const me = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  nickname: z.string(),
  avatar_url: z.string().nullable(),
  bio: z.string().nullable(),
  role: z.string(),
  email_confirmed_at: z.string().nullable(),
  created_at: z.string(),
});

/** Personal API keys. */
export const apiKeyCreate = z.object({ name: z.string().trim().min(1, "Give the key a name").max(60) });
export const apiKeySummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});
export const apiKeyCreated = apiKeySummary.extend({ key: z.string() });
export { idParam } from "@/lib/wire";

export type SignupRequest = z.infer<typeof signupRequest>;
export type VerifyRequest = z.infer<typeof verifyRequest>;
export type Profile = z.infer<typeof profile>;
