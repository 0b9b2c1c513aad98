import type { ApprovalDto } from "../schemas";

/** The Approvals page's filter tabs (shared by the page, which prefetches, and the view). */
export type ApprovalFilter = "all" | ApprovalDto["status"];
export const FILTERS: ApprovalFilter[] = ["all", "pending", "approved", "rejected", "expired"];
export const FILTER_LABELS: Record<ApprovalFilter, string> = { all: "All", pending: "Pending", approved: "Approved", rejected: "Rejected", expired: "Expired" };

export const listInput = (filter: ApprovalFilter) => (filter === "all" ? {} : { status: filter });
