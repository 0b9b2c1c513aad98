import type { Db } from "@/server/db/client";
import type { RunPublisher } from "../runs/events";
import type { DeferredStep } from "./deferred-steps";
import type { Graph } from "./graph";
import type { States } from "./scheduler";

/** One run as its executor holds it while it runs. */
export interface RunEnv {
  db: Db;
  runId: string;
  workflowId: string;
  userId: string;
  input: Record<string, unknown>;
  graph: Graph;
  states: States;
  events: RunPublisher;
  /** Aborts on cancel and when the job stops (shutdown): steps stop and their rows are left as they are. */
  runSignal: AbortSignal;
  /** Aborts when another branch failed: running steps stop and are recorded `cancelled`. */
  failSignal: AbortSignal;
  /** Aborts failSignal. */
  failBranches(): void;
  /** The process's runner identity, written as the run's owner. */
  owner: string;
  /** Asks the run loop to look at its waiting steps again (a wake time passed, a decision arrived). */
  wake(): void;
  /** Finished steps of side-effect-free nodes not written yet (engine/deferred-steps.ts). */
  deferred: DeferredStep[];
}
