/** The job that runs an A2A task (its id is the task's id on the first try, a fresh one on a retry). */
export const A2A_TASK_JOB = "a2a-task";
