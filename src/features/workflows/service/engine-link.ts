import "server-only";
/**
 * The engine's entry points this surface calls (H1's runs/service, H2's engine/validate), gathered in
 * one place so the surfaces import one name each.
 */
export { unrunnable, validateDefinition } from "../engine/validate";
export { startWorkflowRun, type StartedRun } from "../runs/service";
