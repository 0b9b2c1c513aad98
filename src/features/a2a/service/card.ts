import "server-only";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { A2A_LIMITS } from "../schemas";
import { a2aFetch, clientFactory, messageOf } from "./client";

/** The current card path first (what @a2a-js/sdk serves), then seed 000's older one. */
const CARD_PATHS = ["/.well-known/agent-card.json", "/.well-known/agent.json"];
const CARD_TIMEOUT_MS = 10_000;

/** Enough of a card (v1.0 or v0.3) to be one: a name, and somewhere to send messages. */
const cardShape = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).optional(),
    supportedInterfaces: z.array(z.object({ url: z.string().max(2000), protocolBinding: z.string().max(100) }).loose()).max(50).optional(),
    url: z.string().max(2000).optional(),
  })
  .loose()
  .refine((c) => (c.supportedInterfaces?.length ?? 0) > 0 || !!c.url, "it names no endpoint (neither supportedInterfaces nor url)");

export interface FetchedCard {
  /** The URL the person gave, normalised: the key of their agent. */
  baseUrl: string;
  cardUrl: string;
  card: Record<string, unknown>;
}

/** Where to look: the card's own URL when that is what was pasted, else the card paths under it. */
export function candidates(url: string): { baseUrl: string; urls: string[] } {
  const parsed = new URL(url);
  parsed.hash = "";
  const path = parsed.pathname.replace(/\/+$/, "");
  const own = CARD_PATHS.find((p) => path.endsWith(p));
  if (own) return { baseUrl: `${parsed.origin}${path.slice(0, -own.length)}`, urls: [`${parsed.origin}${path}${parsed.search}`] };
  const base = `${parsed.origin}${path}`;
  return { baseUrl: base, urls: CARD_PATHS.map((p) => `${base}${p}`) };
}

/**
 * Fetches an agent card through the guarded client (SSRF rules, 10 s, 1 MiB) and checks it is one
 * the SDK can talk to. Unreachable: 502. Reached but no card (404s, not JSON, not a card, no
 * transport Atrium speaks): 422 saying why for each place tried.
 */
export async function fetchCard(url: string, headers: Record<string, string>): Promise<FetchedCard> {
  const { baseUrl, urls } = candidates(url);
  const fetchImpl = a2aFetch(headers, { timeoutMs: CARD_TIMEOUT_MS, maxBytes: A2A_LIMITS.cardBytes });
  const reasons: string[] = [];
  for (const cardUrl of urls) {
    let response: Response;
    try {
      response = await fetchImpl(cardUrl, { headers: { accept: "application/json", "a2a-version": "1.0" } });
    } catch (error) {
      if (error instanceof AppError && error.code === "BAD_REQUEST") throw error; // refused by the SSRF rules, or a bad URL
      if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE") {
        reasons.push(`${cardUrl}: ${error.detail}`);
        continue;
      }
      // The guarded client's own words already name the host ("Could not reach …: ECONNREFUSED").
      const detail = error instanceof AppError && error.code === "SERVICE_UNAVAILABLE" ? error.detail : `Could not reach ${new URL(cardUrl).host}: ${messageOf(error)}`;
      throw new AppError("BAD_GATEWAY", detail);
    }
    const why = await problemWith(response, cardUrl);
    if (typeof why === "string") {
      reasons.push(`${cardUrl}: ${why}`);
      continue;
    }
    const transportProblem = await unusable(why);
    if (transportProblem) {
      reasons.push(`${cardUrl}: ${transportProblem}`);
      continue;
    }
    return { baseUrl, cardUrl, card: why };
  }
  throw new AppError("VALIDATION_ERROR", `No A2A agent card found. ${reasons.join("; ")}`, { issues: [{ path: "url", message: reasons.join("; ") }], wireCode: "NOT_AN_AGENT_CARD" });
}

/** The card, or why the response is not one. */
async function problemWith(response: Response, cardUrl: string): Promise<string | Record<string, unknown>> {
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return `HTTP ${response.status}`;
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") throw new AppError("BAD_GATEWAY", `Reading ${cardUrl} failed: ${error.detail}`);
    return messageOf(error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  const parsed = cardShape.safeParse(json);
  if (!parsed.success) return `not an agent card (${parsed.error.issues.map((i) => `${i.path.join(".") || "card"}: ${i.message}`).join("; ")})`;
  return json as Record<string, unknown>;
}

/** Why the SDK could not talk to this card's agent (no JSON-RPC or HTTP+JSON interface), if it could not. */
async function unusable(card: Record<string, unknown>): Promise<string | null> {
  try {
    await clientFactory({}).createFromAgentCard(card as never);
    return null;
  } catch (error) {
    return `no usable interface (${messageOf(error)})`;
  }
}
