import clsx from "clsx";

/** A spinning ring. `label` is read by screen readers; pass null when the parent already says it. */
export function Spinner({ className, label = "Loading" }: { className?: string; label?: string | null }) {
  return (
    <span role={label ? "status" : undefined} className="inline-flex">
      <svg className={clsx("size-5 animate-spin", className)} viewBox="0 0 24 24" fill="none" aria-hidden="true">
        <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      {label && <span className="sr-only">{label}</span>}
    </span>
  );
}

/** A grey placeholder block for content that is still loading. */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={clsx("block animate-pulse rounded-md bg-zinc-200/80", className)} />;
}
