import clsx from "clsx";

const tones = {
  good: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  bad: "bg-red-50 text-red-700 ring-red-200",
  wait: "bg-amber-50 text-amber-800 ring-amber-200",
  muted: "bg-zinc-100 text-zinc-700 ring-zinc-200",
} as const;

/** A small status pill; the words carry the meaning, the colour only repeats it. */
export function StateBadge({ tone, children }: { tone: keyof typeof tones; children: React.ReactNode }) {
  return <span className={clsx("rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[tone])}>{children}</span>;
}
