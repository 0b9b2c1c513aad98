/** The job that runs a mesh task (its id is the task's id on the first try, a fresh one on a retry). */
export const MESH_TASK_JOB = "mesh-task";
