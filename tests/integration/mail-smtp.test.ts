import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMail } from "@/server/mail/mailer";
import { call, expectProblem } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { uniqueEmail, uniqueUsername, PASSWORD } from "../support/ids";

/** With SMTP_URL set, codes go out over real SMTP (a local server here) and not to the dev outbox. */
const api = setupApi();
const received: { to: string[]; body: string }[] = [];
let smtp: SMTPServer;
let restore: () => void;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  restore = withEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "Atrium <no-reply@atrium.test>" });
});

afterAll(async () => {
  restore?.();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("mail over SMTP", () => {
  it("delivers the sign-up code by SMTP and keeps the dev outbox empty", async () => {
    const email = uniqueEmail("smtp");
    const res = await call(api.http, "POST", "/auth/verifications", { json: { username: uniqueUsername("smtp"), email, password: PASSWORD } });
    expect(res.status).toBe(202);
    const mail = received.find((m) => m.to.includes(email));
    expect(mail, "a mail reached the SMTP server").toBeDefined();
    expect(mail!.body).toMatch(/Subject: Your Atrium sign-up code: \d{6}/);
    expect(mail!.body).toContain("From: Atrium <no-reply@atrium.test>");
    expect(await api.db.outboxMail.count({ where: { to: email } })).toBe(0);
  });

  it("answers 503 when the SMTP server is unreachable, instead of losing the mail silently", async () => {
    const undo = withEnv({ SMTP_URL: "smtp://127.0.0.1:1" });
    try {
      await expect(sendMail(api.db, { to: "x@example.com", subject: "s", text: "t" })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", status: 503 });
      const res = await call(api.http, "POST", "/auth/verifications", { json: { username: uniqueUsername("smtp"), email: uniqueEmail("smtp"), password: PASSWORD } });
      expectProblem(res, 503, "SERVICE_UNAVAILABLE");
    } finally {
      undo();
    }
  });
});
