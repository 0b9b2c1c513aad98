/** Colours and words for run and step statuses, one table for the canvas, lists, timeline and badges. */
export const STATUS_STYLE: Record<string, { label: string; badge: string; ring: string; bar: string }> = {
  queued: { label: "Queued", badge: "bg-zinc-100 text-zinc-700", ring: "ring-zinc-300", bar: "bg-zinc-300" },
  pending: { label: "Pending", badge: "bg-zinc-100 text-zinc-700", ring: "ring-zinc-300", bar: "bg-zinc-300" },
  running: { label: "Running", badge: "bg-blue-100 text-blue-800", ring: "ring-blue-500 animate-pulse", bar: "bg-blue-500" },
  succeeded: { label: "Succeeded", badge: "bg-emerald-100 text-emerald-800", ring: "ring-emerald-500", bar: "bg-emerald-500" },
  failed: { label: "Failed", badge: "bg-red-100 text-red-800", ring: "ring-red-500", bar: "bg-red-500" },
  skipped: { label: "Skipped", badge: "bg-zinc-100 text-zinc-500", ring: "ring-zinc-300 opacity-60", bar: "bg-zinc-300" },
  waiting: { label: "Waiting", badge: "bg-amber-100 text-amber-800", ring: "ring-amber-500", bar: "bg-amber-400" },
  paused: { label: "Paused", badge: "bg-amber-100 text-amber-800", ring: "ring-amber-400", bar: "bg-amber-300" },
  cancelled: { label: "Cancelled", badge: "bg-zinc-200 text-zinc-700", ring: "ring-zinc-400", bar: "bg-zinc-400" },
};

export const statusStyle = (status: string | null | undefined) => STATUS_STYLE[status ?? ""] ?? STATUS_STYLE.pending;

export const FINISHED_RUN = new Set(["succeeded", "failed", "cancelled"]);

export function StatusBadge({ status, className = "" }: { status: string | null | undefined; className?: string }) {
  const style = statusStyle(status);
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${style.badge} ${className}`}>{status ? style.label : "Never run"}</span>;
}

export function formatDuration(ms: number | null | undefined) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
