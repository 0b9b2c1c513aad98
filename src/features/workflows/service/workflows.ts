import "server-only";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import { AppError, conflict } from "@/server/errors";
import { effectiveAccess, requirePermission } from "@/features/permissions/service/check";
import { forgetResource } from "@/features/permissions/service/grants";
import { DEFINITION_FORMAT, type WorkflowDefinition } from "../definition";
import type { exportDoc, listQuery, workflowCreate, workflowUpdate } from "../schemas";
import { accessibleWorkflow, accessOf } from "./access";
import { storedDefinition, toVersionSummary, toWorkflowDto, toWorkflowSummary } from "./dto";
import { unrunnable, validateDefinition } from "./engine-link";
import { notScratch } from "./node-test";

const json = (d: WorkflowDefinition) => d as unknown as Prisma.InputJsonValue;

/** What a new workflow holds when created without a graph: a start node joined to an end node. */
export function starterDefinition(): WorkflowDefinition {
  return {
    nodes: [
      { id: "start", type: "start", name: "Start", position: { x: 0, y: 0 }, config: { input_schema: [] }, retries: 0 },
      { id: "end", type: "end", name: "End", position: { x: 0, y: 200 }, config: { output: {} }, retries: 0 },
    ],
    edges: [{ id: "start-end", source: "start", target: "end", source_handle: "out" }],
  };
}

/** Creates a workflow at version 1 with its first version row (create, import, templates). */
export async function insertWorkflow(
  tx: DbTx,
  ownerId: string,
  data: { name: string; description: string; definition: WorkflowDefinition; templateId?: string | null },
  message: string,
) {
  const row = await tx.workflow.create({
    data: { ownerId, name: data.name, description: data.description, definition: json(data.definition), version: 1, templateId: data.templateId ?? null },
  });
  await tx.workflowVersion.create({
    data: { workflowId: row.id, version: 1, name: row.name, description: row.description, definition: json(data.definition), message, createdById: ownerId },
  });
  return row;
}

/** POST /workflows */
export async function createWorkflow({ db, viewer }: AuthedContext, input: z.output<typeof workflowCreate>) {
  await requirePermission(db, viewer, "workflows:create");
  const row = await db.$transaction((tx) =>
    insertWorkflow(tx, viewer.userId, { name: input.name, description: input.description, definition: input.definition ?? starterDefinition() }, "Created"),
  );
  return toWorkflowDto(row, "owner");
}

/** The ids of workflows shared with the viewer (any level). */
export async function sharedWorkflowIds(ctx: AuthedContext) {
  return [...(await effectiveAccess(ctx.db, ctx.viewer)).grants.keys()].filter((k) => k.startsWith("workflow:")).map((k) => k.slice("workflow:".length));
}

/** GET /workflows: yours and those shared with you, most recently changed first. */
export async function listWorkflows(ctx: AuthedContext, q: z.output<typeof listQuery>) {
  const { db, viewer } = ctx;
  await requirePermission(db, viewer, "workflows:read");
  const shared = await sharedWorkflowIds(ctx);
  const where: Prisma.WorkflowWhereInput = {
    ...(shared.length ? { OR: [{ ownerId: viewer.userId }, { id: { in: shared } }] } : { ownerId: viewer.userId }),
    ...(q.search ? { name: { contains: q.search, mode: "insensitive" } } : {}),
    AND: [notScratch],
  };
  const [rows, total] = await Promise.all([
    db.workflow.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    db.workflow.count({ where }),
  ]);
  const items = await Promise.all(rows.map(async (r) => toWorkflowSummary(r, (await accessOf(db, viewer, r.ownerId, r.id)) ?? "view")));
  return { items, total, page: q.page, page_size: q.page_size };
}

/** GET /workflows/{id} */
export async function getWorkflow({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "workflows:read");
  const { row, access } = await accessibleWorkflow(db, viewer, id, "view");
  return toWorkflowDto(row, access);
}

/**
 * PUT /workflows/{id}: a change is a new version (the version row keeps the name, description and
 * graph). `base_version` older than the current one is a 409: someone saved in between, and
 * overwriting would lose their work. The version check is part of the UPDATE, so two saves racing on
 * the same base cannot both win.
 */
export async function updateWorkflow({ db, viewer }: AuthedContext, id: string, input: z.output<typeof workflowUpdate>) {
  await requirePermission(db, viewer, "workflows:update");
  const { row, access } = await db.$transaction(async (tx) => {
    const { row: current, access } = await accessibleWorkflow(tx, viewer, id, "edit");
    if (input.base_version !== undefined && input.base_version !== current.version) throw staleSave(input.base_version, current.version);
    const next = {
      name: input.name ?? current.name,
      description: input.description ?? current.description,
      definition: input.definition ?? storedDefinition(current.definition),
    };
    const unchanged =
      input.definition === undefined && next.name === current.name && next.description === current.description;
    if (unchanged) return { row: current, access };
    return { row: await saveVersion(tx, current, next, viewer.userId, input.message ?? ""), access };
  });
  return toWorkflowDto(row, access);
}

function staleSave(base: number, current: number) {
  return conflict(`This workflow was saved as version ${current} after you opened version ${base}. Reload it to get the latest version (current_version: ${current}) before saving.`);
}

/** Writes the next version (compare-and-set on the current number). */
async function saveVersion(
  tx: DbTx,
  current: { id: string; version: number },
  next: { name: string; description: string; definition: WorkflowDefinition },
  userId: string,
  message: string,
) {
  const version = current.version + 1;
  const { count } = await tx.workflow.updateMany({
    where: { id: current.id, version: current.version },
    data: { name: next.name, description: next.description, definition: json(next.definition), version },
  });
  if (count === 0) {
    const now = await tx.workflow.findUnique({ where: { id: current.id }, select: { version: true } });
    throw staleSave(current.version, now?.version ?? current.version);
  }
  await tx.workflowVersion.create({
    data: { workflowId: current.id, version, name: next.name, description: next.description, definition: json(next.definition), message, createdById: userId },
  });
  return tx.workflow.findUniqueOrThrow({ where: { id: current.id } });
}

/** DELETE /workflows/{id}: owner or admin. Its versions, schedules and grants go; its runs stay readable as history. */
export async function deleteWorkflow({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "workflows:delete");
  await db.$transaction(async (tx) => {
    await accessibleWorkflow(tx, viewer, id, "owner");
    await removeWorkflow(tx, id);
  });
}

export async function removeWorkflow(tx: DbTx, id: string) {
  await tx.workflowSchedule.deleteMany({ where: { workflowId: id } });
  await tx.workflow.delete({ where: { id } });
  await forgetResource(tx, "workflow", id);
}

/** POST /workflows/validate: the graph's problems (types' configs, edges, reachability), not a run. */
export function validateWorkflow(definition: WorkflowDefinition) {
  const issues = validateDefinition(definition);
  return { valid: issues.length === 0, issues };
}

/** Refuses to run a graph with problems: 422 listing each (the editor marks the nodes). */
export function assertRunnable(definition: WorkflowDefinition) {
  const problems = validateDefinition(definition);
  if (problems.length) throw unrunnable(definition, problems);
}

// --- versions

/** GET /workflows/{id}/versions: newest first. */
export async function listVersions({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "workflows:read");
  const { row } = await accessibleWorkflow(db, viewer, id, "view");
  const versions = await db.workflowVersion.findMany({ where: { workflowId: id }, orderBy: { version: "desc" }, take: 500 });
  return { items: versions.map(toVersionSummary), current: row.version };
}

/** GET /workflows/{id}/versions/{v} */
export async function getVersion({ db, viewer }: AuthedContext, id: string, version: number) {
  await requirePermission(db, viewer, "workflows:read");
  await accessibleWorkflow(db, viewer, id, "view");
  const v = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: id, version } } });
  if (!v) throw new AppError("NOT_FOUND", `Version ${version} not found`);
  return { ...toVersionSummary(v), definition: storedDefinition(v.definition) };
}

/** POST /workflows/{id}/versions/{v}/rollback: a new version equal to version v (history is kept). */
export async function rollbackWorkflow({ db, viewer }: AuthedContext, id: string, version: number) {
  await requirePermission(db, viewer, "workflows:update");
  const { row, access } = await db.$transaction(async (tx) => {
    const { row: current, access } = await accessibleWorkflow(tx, viewer, id, "edit");
    const old = await tx.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: id, version } } });
    if (!old) throw new AppError("NOT_FOUND", `Version ${version} not found`);
    const next = { name: old.name, description: old.description, definition: storedDefinition(old.definition) };
    return { row: await saveVersion(tx, current, next, viewer.userId, `Rolled back to version ${version}`), access };
  });
  return toWorkflowDto(row, access);
}

// --- export / import

/** GET /workflows/{id}/export: the portable document (no ids of owner, secrets or runs). */
export async function exportWorkflow({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "workflows:read");
  const { row } = await accessibleWorkflow(db, viewer, id, "view");
  return exportOf(row);
}

export function exportOf(row: { name: string; description: string; definition: unknown }) {
  return { format: DEFINITION_FORMAT, name: row.name, description: row.description, definition: storedDefinition(row.definition), exported_at: new Date().toISOString() } as const;
}

/** POST /workflows/import: a new workflow (version 1) from an export document; the surface has already checked every field. */
export async function importWorkflow({ db, viewer }: AuthedContext, doc: z.output<typeof exportDoc>) {
  await requirePermission(db, viewer, "workflows:create");
  const row = await db.$transaction((tx) =>
    insertWorkflow(tx, viewer.userId, { name: doc.name, description: doc.description, definition: doc.definition }, "Imported"),
  );
  return toWorkflowDto(row, "owner");
}
