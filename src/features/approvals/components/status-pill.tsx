import clsx from "clsx";
import type { ApprovalDto } from "../schemas";

const tones: Record<ApprovalDto["status"], string> = {
  pending: "bg-amber-100 text-amber-900",
  approved: "bg-emerald-100 text-emerald-900",
  rejected: "bg-red-100 text-red-900",
  expired: "bg-zinc-200 text-zinc-700",
};
const labels: Record<ApprovalDto["status"], string> = { pending: "Pending", approved: "Approved", rejected: "Rejected", expired: "Expired" };

export function StatusPill({ status }: { status: ApprovalDto["status"] }) {
  return <span className={clsx("inline-flex h-6 items-center rounded-full px-2.5 text-xs font-medium", tones[status])}>{labels[status]}</span>;
}
