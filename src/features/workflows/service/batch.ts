import "server-only";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/features/audit/record";
import { requirePermission } from "@/features/permissions/service/check";
import type { batchExecuteBody } from "../schemas";
import { accessibleWorkflow } from "./access";
import { storedDefinition } from "./dto";
import { startWorkflowRun } from "./engine-link";
import { assertRunnable, exportOf, removeWorkflow } from "./workflows";

/**
 * POST /batch/execute: one run per input (≤ 100), each queued for the job runner. The workflow is
 * checked once; an input that does not fit the start node's fields is reported on its item
 * (`rejected`) without stopping the others.
 */
export async function batchExecute(ctx: AuthedContext, body: z.output<typeof batchExecuteBody>) {
  const { db, viewer, ip } = ctx;
  await requirePermission(db, viewer, "workflows:execute");
  const { row } = await accessibleWorkflow(db, viewer, body.workflow_id, "use");
  assertRunnable(storedDefinition(row.definition));
  const items = [];
  for (const [index, input] of body.inputs.entries()) {
    try {
      const run = await startWorkflowRun(db, { workflowId: row.id, userId: viewer.userId, input, trigger: "batch", version: row.version });
      items.push({ index, execution_id: run.id, status: run.status, error: null });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const detail = error.extra.issues?.length ? `${error.detail}: ${error.extra.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}` : error.detail;
      items.push({ index, execution_id: null, status: "rejected", error: detail });
    }
  }
  const started = items.filter((i) => i.execution_id).length;
  if (started) {
    await recordAudit(db, {
      eventType: "workflow_executed", actorId: viewer.userId, subjectType: "workflow", subjectId: row.id, ip: ip ?? null,
      details: `Workflow "${row.name}" started ${started} time${started === 1 ? "" : "s"} as a batch`, data: { trigger: "batch", runs: started },
    });
  }
  return { workflow_id: row.id, items };
}

/** POST /batch/export: the export documents of the workflows you may read; the others are listed as not found. */
export async function batchExport(ctx: AuthedContext, ids: string[]) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  const items = [];
  const notFound: string[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      items.push(exportOf((await accessibleWorkflow(ctx.db, ctx.viewer, id, "view")).row));
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      notFound.push(id);
    }
  }
  return { items, not_found: notFound };
}

/** POST /batch/delete: deletes those you own (administrators: any); the rest are listed as not found, nothing else changes. */
export async function batchDelete(ctx: AuthedContext, ids: string[]) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:delete");
  const deleted: string[] = [];
  const notFound: string[] = [];
  for (const id of [...new Set(ids)]) {
    const row = await ctx.db.workflow.findFirst({ where: ctx.viewer.role === "admin" ? { id } : { id, ownerId: ctx.viewer.userId }, select: { id: true } });
    if (!row) {
      notFound.push(id);
      continue;
    }
    await ctx.db.$transaction((tx) => removeWorkflow(tx, id));
    deleted.push(id);
  }
  return { deleted, not_found: notFound };
}
