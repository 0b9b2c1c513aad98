import clsx from "clsx";

const tones = {
  draft: "bg-zinc-100 text-zinc-700",
  deployed: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  stopped: "bg-amber-50 text-amber-800 ring-amber-600/20",
} as const;

export function StatusBadge({ status }: { status: keyof typeof tones }) {
  return (
    <span className={clsx("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-transparent ring-inset", tones[status])}>
      {status}
    </span>
  );
}
