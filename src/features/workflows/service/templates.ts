import "server-only";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import { requirePermission } from "@/features/permissions/service/check";
import { WORKFLOW_TEMPLATES, templateById, templateSummary } from "../templates";
import { toWorkflowDto } from "./dto";
import { insertWorkflow } from "./workflows";

/** GET /workflows/templates */
export function listTemplates() {
  return { items: WORKFLOW_TEMPLATES.map(templateSummary) };
}

/** GET /workflows/templates/{id}: with its graph and an example input. */
export function getTemplate(id: string) {
  const t = templateById(id);
  if (!t) throw notFound("Template");
  return { ...templateSummary(t), definition: t.definition, example_input: t.example_input };
}

/** POST /workflows/templates/{id}/create: a new workflow of yours (version 1) from the template. */
export async function createFromTemplate({ db, viewer }: AuthedContext, id: string, name?: string) {
  const t = templateById(id);
  if (!t) throw notFound("Template");
  await requirePermission(db, viewer, "workflows:create");
  const row = await db.$transaction((tx) =>
    insertWorkflow(tx, viewer.userId, { name: name ?? t.name, description: t.description, definition: structuredClone(t.definition), templateId: t.id }, `Created from the template "${t.name}"`),
  );
  return toWorkflowDto(row, "owner");
}
