import { NODE_TYPES } from "../definition";
import { approveBeforeSending, calendarDigest, summariseTickets, translateAndReview } from "./ai";
import type { WorkflowTemplate } from "./build";
import { classifyAndRoute, fetchAndExtract, loopWithCode, triageWebhook } from "./data";

export type { WorkflowTemplate } from "./build";

/** The template gallery, in the order it is shown. */
export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  summariseTickets,
  triageWebhook,
  calendarDigest,
  translateAndReview,
  fetchAndExtract,
  approveBeforeSending,
  classifyAndRoute,
  loopWithCode,
];

const byId = new Map(WORKFLOW_TEMPLATES.map((t) => [t.id, t]));
export const templateById = (id: string) => byId.get(id);

/** The gallery card: no graph, but which node types it uses (in catalog order). */
export function templateSummary(t: WorkflowTemplate) {
  const used = new Set(t.definition.nodes.map((n) => n.type));
  return { id: t.id, name: t.name, description: t.description, category: t.category, tags: t.tags, node_types: NODE_TYPES.filter((type) => used.has(type)) };
}
