/** Query inputs shared by pages (server prefetch) and their views (same key, same data): plain module, not a client one. */
export const RUNS_PAGE_SIZE = 25;
export const runsListInput = (workflowId: string, page = 1) => ({ workflow_id: workflowId, page, page_size: RUNS_PAGE_SIZE });

export const MONITORING_INPUT = { days: 14 };
export const RECENT_RUNS_INPUT = { page: 1, page_size: 10 };
