import { expect } from "vitest";
import type { Db } from "@/server/db/client";
import { sessionTokens } from "@/features/identity/schemas";
import { call, expectOk } from "./api";

/** Mail the dev outbox holds for an address, oldest first. */
export function mailsTo(db: Db, email: string) {
  return db.outboxMail.findMany({ where: { to: email.toLowerCase() }, orderBy: { createdAt: "asc" } });
}

/** The 6-digit code of the newest mail to `email` that carries one. */
export async function latestCode(db: Db, email: string): Promise<string> {
  const mails = await mailsTo(db, email);
  for (const mail of mails.reverse()) {
    const found = /\b(\d{6})\b/.exec(mail.subject) ?? /\b(\d{6})\b/.exec(mail.text);
    if (found) return found[1];
  }
  throw new Error(`no code in the outbox for ${email}`);
}

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  invite_code?: string;
}

/** The whole 003 sign-up over HTTP: /auth/verifications → outbox → /auth/verify. Returns the session. */
export async function signUp(server: { url: string }, db: Db, input: SignUpInput) {
  const started = await call(server, "POST", "/auth/verifications", { json: input });
  expect(started.status, started.text).toBe(202);
  const token = await latestCode(db, input.email);
  const verified = await call(server, "POST", "/auth/verify", { json: { type: "signup", email: input.email, token } });
  return expectOk(verified, 200, sessionTokens);
}
