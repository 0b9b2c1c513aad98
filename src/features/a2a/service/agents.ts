import "server-only";
import type { A2aRemoteAgent } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import { A2A_LIMITS, type A2aAgentDetail, type DiscoverBody } from "../schemas";
import { candidates, fetchCard } from "./card";
import { openHeaders, sealHeaders } from "./credentials";

/** `a2a_<slug>`: what agents list in include_tools (providers take names of at most 64 characters). */
export const toolNameOf = (slug: string) => `a2a_${slug}`;
const MAX_SLUG_CHARS = 56;

function slugOf(name: string) {
  const slug = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, MAX_SLUG_CHARS).replace(/_+$/, "");
  return slug || "agent";
}

/** The card's name as a slug no other agent of the person has (`_2`, `_3`… when taken). */
async function freeSlug(db: Db, userId: string, name: string) {
  const base = slugOf(name);
  const taken = new Set((await db.a2aRemoteAgent.findMany({ where: { userId, slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

type Card = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").slice(0, 50) : []);

/**
 * Where an API key goes: the header of the card's API-key scheme (v1.0's `apiKeySecurityScheme`
 * or v0.3's `{type: "apiKey", in: "header"}`), else `Authorization: Bearer`.
 */
export function apiKeyHeader(card: Card, key: string): [string, string] {
  const schemes = (card.securitySchemes ?? {}) as Record<string, Record<string, unknown>>;
  for (const scheme of Object.values(schemes)) {
    const v1 = scheme?.apiKeySecurityScheme as Record<string, unknown> | undefined;
    if (v1 && str(v1.location).toLowerCase() === "header" && str(v1.name)) return [str(v1.name), key];
    if (scheme?.type === "apiKey" && str(scheme.in) === "header" && str(scheme.name)) return [str(scheme.name), key];
  }
  return ["Authorization", `Bearer ${key}`];
}

export function skillsOf(card: Card) {
  const skills = Array.isArray(card.skills) ? (card.skills as Record<string, unknown>[]) : [];
  return skills.slice(0, 100).map((s) => ({
    id: str(s?.id),
    name: str(s?.name) || str(s?.id),
    description: str(s?.description).slice(0, 2000),
    tags: strings(s?.tags),
    examples: strings(s?.examples),
  }));
}

export function toAgentDto(row: A2aRemoteAgent): A2aAgentDetail {
  const card = (row.card ?? {}) as Card;
  const capabilities = (card.capabilities ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    card_url: row.cardUrl,
    tool_name: toolNameOf(row.slug),
    version: str(card.version) || null,
    skills: skillsOf(card),
    header_keys: row.headerKeys,
    streaming: capabilities.streaming === true,
    discovered_at: row.discoveredAt.toISOString(),
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    card,
  };
}

const summary = (row: A2aRemoteAgent) => {
  const { card: _card, ...rest } = toAgentDto(row);
  return rest;
};

/** The caller's agent; anyone else's is 404, like a missing one. */
export async function ownAgent({ db, viewer }: AuthedContext, id: string) {
  const row = await db.a2aRemoteAgent.findFirst({ where: { id, userId: viewer.userId } });
  if (!row) throw notFound("A2A agent");
  return row;
}

/**
 * Fetches the card at `url` and stores the agent (or, for a URL already discovered, updates its
 * card and, when given, its credentials). A failed re-discovery is recorded as the agent's last error.
 */
export async function discoverAgent(ctx: AuthedContext, body: DiscoverBody) {
  const { db, viewer } = ctx;
  const headers = { ...(body.headers ?? {}) };
  const given = body.api_key !== undefined || body.headers !== undefined;
  const existingByUrl = async (baseUrl: string) => db.a2aRemoteAgent.findUnique({ where: { userId_url: { userId: viewer.userId, url: baseUrl } } });

  // Re-discovering without credentials keeps the stored ones (they are never sent back to be resubmitted).
  const probe = await existingByUrl(candidates(body.url).baseUrl);
  const callHeaders = given ? headers : probe ? openHeaders(viewer.userId, probe.headersEnc) : headers;
  // The key's scheme is known only from the card; a bearer token is the guess for fetching it.
  const guessed = Boolean(body.api_key) && !Object.keys(callHeaders).some((h) => h.toLowerCase() === "authorization");
  if (guessed) callHeaders.Authorization = `Bearer ${body.api_key}`;

  let fetched;
  try {
    fetched = await fetchCard(body.url, callHeaders);
  } catch (error) {
    if (probe) await db.a2aRemoteAgent.update({ where: { id: probe.id }, data: { lastError: (error as Error).message.slice(0, 1000) } }).catch(() => {});
    throw error;
  }
  if (body.api_key) {
    if (guessed) delete headers.Authorization;
    const [name, value] = apiKeyHeader(fetched.card, body.api_key);
    headers[name] = value;
  }
  const name = str(fetched.card.name).trim().slice(0, 200);
  const description = str(fetched.card.description).slice(0, 10_000);
  const sealed = given ? sealHeaders(viewer.userId, headers) : undefined;
  const existing = await existingByUrl(fetched.baseUrl);
  const now = new Date();
  if (existing) {
    const row = await db.a2aRemoteAgent.update({
      where: { id: existing.id },
      data: { name, description, cardUrl: fetched.cardUrl, card: fetched.card as object, discoveredAt: now, lastError: null, ...(sealed ? { headersEnc: sealed.enc, headerKeys: sealed.keys } : {}) },
    });
    return { agent: toAgentDto(row), created: false };
  }
  const count = await db.a2aRemoteAgent.count({ where: { userId: viewer.userId } });
  if (count >= A2A_LIMITS.agentsPerUser) throw conflict(`You have ${count} A2A agents, the most one person may have; remove one first`);
  const fresh = sealed ?? sealHeaders(viewer.userId, headers);
  const row = await db.a2aRemoteAgent.create({
    data: {
      userId: viewer.userId,
      slug: await freeSlug(db, viewer.userId, name),
      name,
      description,
      url: fetched.baseUrl,
      cardUrl: fetched.cardUrl,
      card: fetched.card as object,
      headersEnc: fresh.enc,
      headerKeys: fresh.keys,
      discoveredAt: now,
    },
  });
  return { agent: toAgentDto(row), created: true };
}

export async function listAgents({ db, viewer }: AuthedContext) {
  const rows = await db.a2aRemoteAgent.findMany({ where: { userId: viewer.userId }, orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
  return { agents: rows.map(summary), total: rows.length };
}

export async function getAgent(ctx: AuthedContext, id: string) {
  return toAgentDto(await ownAgent(ctx, id));
}

/** Removes the agent with its tasks (a task still being followed stops at its next look). */
export async function deleteAgent(ctx: AuthedContext, id: string) {
  const row = await ownAgent(ctx, id);
  await ctx.db.a2aRemoteAgent.delete({ where: { id: row.id } });
}
