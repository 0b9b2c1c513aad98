import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import type { z } from "zod";
import type { AgentCreate, AgentUpdate, listQuery, Snapshot } from "../schemas";
import { recordAudit } from "@/features/audit/record";
import { effectiveAccess, requirePermission } from "@/features/permissions/service/check";
import { forgetResource } from "@/features/permissions/service/grants";
import { assertOwnConfig, deletableAgent, ownAgent } from "./access";
import { columnsOf, snapshotOf, toAgentDto, withModel } from "./dto";

/** Creates an agent at version 1 with its first snapshot (shared by create, duplicate and import). */
export async function insertAgent(tx: DbTx, ownerId: string, s: Snapshot, reason: "create" | "duplicate" | "import") {
  const created = await tx.agent.create({ data: { ownerId, ...columnsOf(s), version: 1, status: "draft" }, include: withModel });
  await tx.agentVersion.create({ data: { agentId: created.id, version: 1, reason, snapshot: snapshotOf(created) as unknown as Prisma.InputJsonObject } });
  return created;
}

/** POST /agents */
export async function createAgent({ db, viewer }: AuthedContext, input: AgentCreate) {
  await requirePermission(db, viewer, "agents:create");
  await assertOwnConfig(db, viewer.userId, input.model_config?.model_config_id);
  const created = await db.$transaction((tx) =>
    insertAgent(tx, viewer.userId, { ...input, model_config: input.model_config ?? null }, "create"),
  );
  return toAgentDto(created);
}

/** GET /agents: yours and those shared with you, newest change first; `search` on the name, `status` filter, page/page_size. */
export async function listAgents({ db, viewer }: AuthedContext, q: z.infer<typeof listQuery>) {
  const shared = [...(await effectiveAccess(db, viewer)).grants.keys()].filter((k) => k.startsWith("agent:")).map((k) => k.slice("agent:".length));
  const where: Prisma.AgentWhereInput = {
    ...(shared.length ? { OR: [{ ownerId: viewer.userId }, { id: { in: shared } }] } : { ownerId: viewer.userId }),
    ...(q.search ? { name: { contains: q.search, mode: "insensitive" } } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
  const [rows, total] = await Promise.all([
    db.agent.findMany({ where, include: withModel, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    db.agent.count({ where }),
  ]);
  return { items: rows.map(toAgentDto), total, page: q.page, page_size: q.page_size };
}

/** GET /agents/{id} */
export async function getAgent({ db, viewer }: AuthedContext, id: string) {
  return toAgentDto(await ownAgent(db, viewer, id, "view"));
}

/**
 * Applies a new configuration as the next version, keeping a snapshot of it. A "change" that
 * changes nothing makes no version.
 */
export async function saveVersion(tx: DbTx, agentId: string, current: { version: number }, next: Snapshot, reason: "update" | "rollback") {
  const updated = await tx.agent.update({
    where: { id: agentId },
    data: { ...columnsOf(next), version: current.version + 1 },
    include: withModel,
  });
  await tx.agentVersion.create({ data: { agentId, version: updated.version, reason, snapshot: snapshotOf(updated) as unknown as Prisma.InputJsonObject } });
  return updated;
}

/** PUT /agents/{id}: only the fields sent change; every real change increments `version`. */
export async function updateAgent({ db, viewer }: AuthedContext, id: string, input: AgentUpdate) {
  await requirePermission(db, viewer, "agents:update");
  if (input.model_config !== undefined) await assertOwnConfig(db, viewer.userId, input.model_config?.model_config_id ?? undefined);
  const updated = await db.$transaction(async (tx) => {
    const current = await ownAgent(tx, viewer, id);
    const before = snapshotOf(current);
    const next: Snapshot = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as Snapshot;
    if (JSON.stringify(canonical(next)) === JSON.stringify(canonical(before))) return current;
    return saveVersion(tx, id, current, next, "update");
  });
  return toAgentDto(updated);
}

/** DELETE /agents/{id}: owner or admin; its versions, sessions and messages go in one transaction, the ledger keeps its rows. */
export async function deleteAgent({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "agents:delete");
  await db.$transaction(async (tx) => {
    const agent = await deletableAgent(tx, viewer, id);
    // One statement removes a whole conversation tree (a message's children go with it).
    await tx.chatMessage.deleteMany({ where: { session: { agentId: agent.id } } });
    await tx.chatSession.deleteMany({ where: { agentId: agent.id } });
    await tx.agentVersion.deleteMany({ where: { agentId: agent.id } });
    await tx.modelCall.updateMany({ where: { agentId: agent.id }, data: { agentId: null } });
    await tx.agent.delete({ where: { id: agent.id } });
    await forgetResource(tx, "agent", agent.id);
  });
}

/** POST /agents/{id}/deploy and /stop: the status only; no new version. */
export async function setStatus({ db, viewer, ip }: AuthedContext, id: string, status: "deployed" | "stopped") {
  await requirePermission(db, viewer, "agents:deploy");
  await ownAgent(db, viewer, id, "admin");
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.agent.update({ where: { id }, data: { status }, include: withModel });
    const model = row.modelConfig ? `${row.modelConfig.provider}/${row.modelConfig.modelName}` : null;
    await recordAudit(tx, {
      eventType: status === "deployed" ? "agent_deployed" : "agent_stopped", actorId: viewer.userId, agentId: id, subjectType: "agent", subjectId: id, ip,
      details: `Agent "${row.name}" ${status === "deployed" ? `deployed (version ${row.version}${model ? `, model ${model}` : ""})` : "stopped"}`,
      data: { name: row.name, version: row.version, ...(model ? { model } : {}) },
    });
    return row;
  });
  return toAgentDto(updated);
}

/** Key order does not make a change. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
