/** The job that executes a run (its id is the run's id). */
export const WORKFLOW_RUN_JOB = "workflow-run";
/**
 * The job that continues a run: after an approval's decision (`{run_id, step_id, approval_id}`,
 * under the approval's id), a child run's end, a long delay's wake time, a resume after pause, or
 * recovery after its process died (`{run_id, step_id?}`, under a fresh id).
 */
export const WORKFLOW_RESUME_JOB = "workflow-run-resume";
