export const WORKFLOWS_PAGE_SIZE = 20;

/** The list query's input, one place for the page and its server prefetch (same key, same data). */
export const workflowsListInput = (page = 1, search = "") => ({ page, pageSize: WORKFLOWS_PAGE_SIZE, ...(search ? { search } : {}) });
