import type { AuditInput } from "@/features/audit/record";

/** How someone signed in: 003's token API, 004's form login, the browser, or signing up. */
export type SignInVia = "api_session" | "form_login" | "browser" | "sign_up";

const VIA: Record<SignInVia, string> = {
  api_session: "API session",
  form_login: "form login",
  browser: "browser",
  sign_up: "after signing up",
};

/** The audit entries identity writes; one place for their wording. */
export const identityAudit = {
  signedIn: (user: { id: string; email: string }, via: SignInVia, ip?: string | null): AuditInput => ({
    eventType: "user_signed_in", actorId: user.id, subjectType: "user", subjectId: user.id, ip,
    details: `${user.email} signed in (${VIA[via]})`, data: { via },
  }),
  signInFailed: (identifier: string, userId: string | null, via: SignInVia, ip?: string | null): AuditInput => ({
    eventType: "sign_in_failed", actorId: userId, subjectType: "user", subjectId: userId ?? undefined, ip,
    details: userId ? `Failed sign-in for ${identifier.slice(0, 200)}: wrong password (${VIA[via]})` : `Failed sign-in for unknown account ${identifier.slice(0, 200)} (${VIA[via]})`,
    data: { via, identifier: identifier.slice(0, 200), known_account: userId !== null },
  }),
  signedOut: (userId: string, via: "api_session" | "browser", ip?: string | null): AuditInput => ({
    eventType: "user_signed_out", actorId: userId, subjectType: "user", subjectId: userId, ip,
    details: `Signed out (${VIA[via]})`, data: { via },
  }),
};
