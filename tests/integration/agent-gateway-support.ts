import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedPush {
  raw: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedPush[];
  /** How the next requests are answered: a status, or "hang" (never answer). */
  mode: number | "hang";
  /** Resolves once `count` pushes have arrived (waiting up to `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1, as a seed 002 agent runs one (`POST /webhook/a2a-messages`). */
export async function startReceiver(mode: number | "hang" = 200): Promise<WebhookReceiver> {
  const received: ReceivedPush[] = [];
  const receiver = { mode } as WebhookReceiver;
  const server: Server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    received.push({ raw, body: JSON.parse(raw || "{}") as Record<string, unknown>, headers: req.headers, at: Date.now() });
    if (receiver.mode === "hang") return; // never answers; the gateway's timeout ends it
    res.statusCode = receiver.mode;
    res.setHeader("content-type", "application/json");
    res.end(receiver.mode === 200 ? '{"status":"received"}' : '{"detail":"receiver is broken"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/webhook/a2a-messages`,
    received,
    async waitFor(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} pushes arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** What a receiver does with X-Atrium-Signature: recompute the HMAC over "<t>.<raw body>" and compare in constant time. */
export function signatureIsValid(header: string | string[] | undefined, raw: string, secret: string, toleranceSeconds = 300) {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header ?? ""));
  if (!match) return false;
  const [, t, mac] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(mac, "hex"));
}
