import nodemailer from "nodemailer";
import type { Db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { log } from "../log";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends over SMTP when SMTP_URL is set. Otherwise the mail goes to the dev outbox: a table shown at
 * /dev/outbox (outside production mode) and a line in the server log, so sign-up works on a laptop.
 */
export async function sendMail(db: Db, mail: Mail) {
  const { SMTP_URL, MAIL_FROM } = env();
  if (SMTP_URL) {
    try {
      await transport(SMTP_URL).sendMail({ from: MAIL_FROM, ...mail });
    } catch (error) {
      log.error("SMTP delivery failed", { to: mail.to, err: error });
      throw new AppError("SERVICE_UNAVAILABLE", "We could not send the e-mail right now. Try again in a moment.");
    }
    return;
  }
  await db.outboxMail.create({ data: mail });
  console.info(`[outbox] to=${mail.to} subject="${mail.subject}"\n${mail.text}`);
}

let cachedTransport: { url: string; transport: nodemailer.Transporter } | undefined;
function transport(url: string) {
  if (cachedTransport?.url !== url) {
    // Bounded waits: a request must not hang for nodemailer's default two minutes.
    const transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    cachedTransport = { url, transport };
  }
  return cachedTransport.transport;
}
