/**
 * The runs executing in this process, so cancel and pause reach them at once (another process's
 * runs notice through their heartbeat, which finds the row no longer `running`).
 */
export interface LocalRun {
  /** Aborts every running step: the run was cancelled (or its job stopped). */
  abort(reason: string): void;
  /** Stops scheduling new nodes; running ones finish. */
  pause(): void;
  /** Makes it look at its waiting steps again (a decision arrived, a wake time passed). */
  wake(): void;
}

const globalForRuns = globalThis as unknown as { atriumWorkflowRuns?: Map<string, LocalRun> };
export const localRuns = (globalForRuns.atriumWorkflowRuns ??= new Map<string, LocalRun>());
