import type { AGENT_STATUSES } from "../schemas";

type AgentStatus = (typeof AGENT_STATUSES)[number];

export const AGENTS_PAGE_SIZE = 10;

/** The agents list's query input, shared by the page's server prefetch and the view (their keys must match). */
export const agentsListInput = (page = 1, search = "", status: AgentStatus | "" = "") => ({
  page,
  page_size: AGENTS_PAGE_SIZE,
  search: search || undefined,
  status: status || undefined,
});
