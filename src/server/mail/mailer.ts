import nodemailer from "nodemailer";
import type { Db } from "../db/client";
import { env } from "../env";

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
    await transport(SMTP_URL).sendMail({ from: MAIL_FROM, ...mail });
    return;
  }
  await db.outboxMail.create({ data: mail });
  console.info(`[outbox] to=${mail.to} subject="${mail.subject}"\n${mail.text}`);
}

let cachedTransport: { url: string; transport: nodemailer.Transporter } | undefined;
function transport(url: string) {
  if (cachedTransport?.url !== url) cachedTransport = { url, transport: nodemailer.createTransport(url) };
  return cachedTransport.transport;
}
