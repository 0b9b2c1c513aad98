import clsx from "clsx";

const tones: Record<string, string> = {
  online: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  completed: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  busy: "bg-amber-50 text-amber-800 ring-amber-600/20",
  running: "bg-sky-50 text-sky-800 ring-sky-600/20",
  assigned: "bg-zinc-50 text-zinc-700 ring-zinc-500/20",
  pending: "bg-zinc-50 text-zinc-700 ring-zinc-500/20",
  offline: "bg-zinc-100 text-zinc-600 ring-zinc-500/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
};

/** An agent's or a task's status as a small pill (the word is always shown, never colour alone). */
export function MeshStatus({ status }: { status: string }) {
  return <span className={clsx("inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[status] ?? tones.pending)}>{status}</span>;
}

/** Epoch ms as local time, rendered after hydration-safe formatting on the client. */
export function When({ ms }: { ms: number }) {
  const date = new Date(ms);
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}
