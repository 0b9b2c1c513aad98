import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { AuthedContext } from "@/server/context";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { notFound } from "@/server/errors";
import { consumeOrRefuse } from "@/server/limits";
import { recordAudit } from "@/features/audit/record";
import { readCache } from "@/server/db/read-cache";
import { requirePermission } from "@/features/permissions/service/check";
import { accessibleWorkflow } from "../service/access";
import { runAnswer } from "../service/execute";
import { startWorkflowRun } from "../service/engine-link";

/**
 * A workflow's webhook: a public URL that starts a run as the workflow's owner when called with the
 * workflow's secret token. The token is stored encrypted (bound to the workflow) and shown only to the
 * workflow's owner (and administrators): it lets anyone holding it run the workflow as the owner; rotating it makes the old URL stop working at once.
 */

const context = (workflowId: string) => `workflow-webhook:${workflowId}`;
const newToken = () => randomBytes(24).toString("base64url");

function urls(workflowId: string, name: string, token: string | null) {
  const base = (env().PUBLIC_URL ?? "").replace(/\/$/, "");
  if (!token) return { url: null, by_name_url: null };
  return {
    url: `${base}/api/v1/webhooks/${workflowId}?token=${token}`,
    by_name_url: `${base}/api/v1/webhooks/by-name/${encodeURIComponent(name)}?token=${token}`,
  };
}

function tokenOf(row: { id: string; webhookSecretEnc: string | null }) {
  if (!row.webhookSecretEnc) return null;
  try {
    return decryptSecret(row.webhookSecretEnc, context(row.id));
  } catch {
    return null;
  }
}

/** GET /workflows/{id}/webhook: whether it is on, its token and URLs (the owner's). */
export async function getWebhook({ db, viewer }: AuthedContext, workflowId: string) {
  const { row } = await accessibleWorkflow(db, viewer, workflowId, "owner");
  const token = tokenOf(row);
  return { workflow_id: row.id, enabled: token !== null, token, ...urls(row.id, row.name, token) };
}

/** POST /workflows/{id}/webhook/rotate: a new token (turning the webhook on); the old one stops working. */
export async function rotateWebhook(ctx: AuthedContext, workflowId: string) {
  return setWebhook(ctx, workflowId, newToken());
}

/** POST /workflows/{id}/webhook/disable: the URL stops working (404) until rotated again. */
export async function disableWebhook(ctx: AuthedContext, workflowId: string) {
  return setWebhook(ctx, workflowId, null);
}

async function setWebhook({ db, viewer, ip }: AuthedContext, workflowId: string, token: string | null) {
  await requirePermission(db, viewer, "workflows:update");
  const { row } = await accessibleWorkflow(db, viewer, workflowId, "owner");
  await db.$transaction(async (tx) => {
    await tx.workflow.update({ where: { id: row.id }, data: { webhookSecretEnc: token ? encryptSecret(token, context(row.id)) : null } });
    await recordAudit(tx, {
      eventType: "webhook_configured", actorId: viewer.userId, subjectType: "workflow", subjectId: row.id, ip: ip ?? null,
      details: token ? `Webhook of workflow "${row.name}" given a new secret` : `Webhook of workflow "${row.name}" turned off`,
      data: { enabled: token !== null },
    });
  });
  return { workflow_id: row.id, enabled: token !== null, token, ...urls(row.id, row.name, token) };
}

// --- the public endpoints

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Unknown workflow, webhook off, wrong or missing token: all the same 404, so a caller learns nothing. */
const NOT_FOUND = () => notFound("Webhook");

/** The token from `?token=` or the X-Atrium-Webhook-Token header. */
export function presentedToken(request: Request, query: { token?: string }) {
  return request.headers.get("x-atrium-webhook-token") ?? query.token ?? null;
}

/** What a webhook call needs of its workflow, with the token decrypted. */
interface WebhookTarget {
  id: string;
  ownerId: string;
  name: string;
  version: number;
  token: string | null;
}

/**
 * Webhook targets by workflow id, one of the read caches (5 s, at most 5,000, emptied by any write to
 * `workflows` in this process): a burst of calls to one URL reads and decrypts its workflow once. In
 * another process a rotated or disabled token keeps working for up to 5 s.
 */
const targets = readCache<WebhookTarget>({ name: "workflow-webhooks", tables: ["workflows"], ttlMs: 5_000, maxEntries: 5_000 });

/** POST /webhooks/{workflow_id} */
export async function callWebhookById(db: Db, workflowId: string, token: string | null, input: Record<string, unknown>, opts: { wait: boolean; ip: string; signal?: AbortSignal }) {
  await limit(opts.ip);
  if (!token) throw NOT_FOUND();
  const target = await targets.get(workflowId, async () => {
    const row = await db.workflow.findUnique({ where: { id: workflowId }, select: { id: true, ownerId: true, name: true, version: true, webhookSecretEnc: true } });
    return row && { id: row.id, ownerId: row.ownerId, name: row.name, version: row.version, token: tokenOf(row) };
  });
  if (!target?.token || !sameToken(target.token, token)) throw NOT_FOUND();
  return start(db, target, input, opts);
}

/** POST /webhooks/by-name/{name}: among workflows of that name, the one whose token this is. */
export async function callWebhookByName(db: Db, name: string, token: string | null, input: Record<string, unknown>, opts: { wait: boolean; ip: string; signal?: AbortSignal }) {
  await limit(opts.ip);
  if (!token) throw NOT_FOUND();
  const candidates = await db.workflow.findMany({ where: { name, webhookSecretEnc: { not: null } }, orderBy: { createdAt: "asc" }, take: 50 });
  const row = candidates.find((c) => {
    const stored = tokenOf(c);
    return stored !== null && sameToken(stored, token);
  });
  if (!row) throw NOT_FOUND();
  return start(db, row, input, opts);
}

/** Starts the run (which checks the version is runnable) with its audit entry, in one transaction. */
async function start(db: Db, row: { id: string; ownerId: string; name: string; version: number }, input: Record<string, unknown>, opts: { wait: boolean; ip: string; signal?: AbortSignal }) {
  await limit(`wf:${row.id}`);
  const run = await startWorkflowRun(db, {
    workflowId: row.id, userId: row.ownerId, input, trigger: "webhook",
    workflow: { id: row.id, ownerId: row.ownerId, version: row.version },
    audit: { eventType: "workflow_executed", actorId: null, subjectType: "workflow", subjectId: row.id, ip: opts.ip, details: `Workflow "${row.name}" started by its webhook`, data: { trigger: "webhook" } },
  });
  const { execution, finished } = await runAnswer(db, run, opts.wait, opts.signal);
  return { answer: { execution_id: execution.id, status: execution.status, ...(finished ? { output: execution.output, error: execution.error } : {}) }, finished };
}

// --- rate limits: per caller address and per workflow, a minute each (WEBHOOK_RATE_LIMIT_PER_MINUTE,
// WEBHOOK_WORKFLOW_RATE_LIMIT_PER_MINUTE), shared through Redis when there is one (src/server/limits.ts)

function limit(key: string) {
  const perWorkflow = key.startsWith("wf:");
  const spec = perWorkflow
    ? { keyPrefix: "rl:webhook-wf", points: env().WEBHOOK_WORKFLOW_RATE_LIMIT_PER_MINUTE, duration: 60 }
    : { keyPrefix: "rl:webhook-ip", points: env().WEBHOOK_RATE_LIMIT_PER_MINUTE, duration: 60 };
  return consumeOrRefuse(spec, key, "Too many webhook calls");
}
