import clsx from "clsx";

const tones = {
  brand: "bg-brand-600 text-white",
  muted: "bg-zinc-100 text-zinc-700",
  red: "bg-red-600 text-white",
} as const;

/** A small count pill. Renders nothing for 0 unless `showZero`. `label` is read instead of the number. */
export function CountBadge({ count, tone = "brand", label, showZero, className }: {
  count: number | undefined;
  tone?: keyof typeof tones;
  label?: string;
  showZero?: boolean;
  className?: string;
}) {
  if (count === undefined || (count === 0 && !showZero)) return null;
  return (
    <span className={clsx("inline-flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold tabular-nums", tones[tone], className)}>
      <span aria-hidden={label ? true : undefined}>{count > 99 ? "99+" : count}</span>
      {label && <span className="sr-only">{label}</span>}
    </span>
  );
}
