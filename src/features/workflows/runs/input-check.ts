import { nodeConfigs, type WorkflowNode } from "../definition";
import type { ValidationIssue } from "@/server/errors";

const typeOf = (value: unknown) => (Array.isArray(value) ? "array" : value === null ? "null" : typeof value);

/**
 * Checks a run's input against its start node's `input_schema`: required fields present, every
 * declared field of its declared type. Fields not declared pass through untouched.
 */
export function inputIssues(entry: WorkflowNode, input: Record<string, unknown>): ValidationIssue[] {
  if (entry.type !== "start") return [];
  const parsed = nodeConfigs.start.safeParse(entry.config);
  if (!parsed.success) return [];
  const issues: ValidationIssue[] = [];
  for (const field of parsed.data.input_schema) {
    const value = input[field.name];
    if (value === undefined || value === null) {
      if (field.required) issues.push({ path: `input.${field.name}`, message: `${field.name} is required` });
      continue;
    }
    if (typeOf(value) !== field.type) issues.push({ path: `input.${field.name}`, message: `${field.name} must be a ${field.type}, not a ${typeOf(value)}` });
  }
  return issues;
}
