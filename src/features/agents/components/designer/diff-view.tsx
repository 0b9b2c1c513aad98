import clsx from "clsx";
import { lineDiff } from "./line-diff";

const marks = { same: " ", added: "+", removed: "−" } as const;

/** A unified line diff: removed lines red, added lines green. */
export function DiffView({ from, to, fromLabel, toLabel }: { from: string; to: string; fromLabel: string; toLabel: string }) {
  const lines = lineDiff(from, to);
  const changed = lines.some((l) => l.kind !== "same");
  return (
    <figure className="overflow-hidden rounded-lg border border-zinc-200">
      <figcaption className="flex gap-4 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs text-zinc-600">
        <span className="text-red-700">− {fromLabel}</span>
        <span className="text-emerald-700">+ {toLabel}</span>
        {!changed && <span>No differences</span>}
      </figcaption>
      <pre className="max-h-80 overflow-auto py-1 font-mono text-xs leading-5" data-testid="version-diff">
        {lines.map((l, i) => (
          <div
            key={i}
            className={clsx("px-3 whitespace-pre-wrap", l.kind === "added" && "bg-emerald-50 text-emerald-900", l.kind === "removed" && "bg-red-50 text-red-900")}
          >
            <span aria-hidden="true" className="mr-2 select-none text-zinc-400">{marks[l.kind]}</span>
            <span className="sr-only">{l.kind === "same" ? "" : `${l.kind}: `}</span>
            {l.text || " "}
          </div>
        ))}
      </pre>
    </figure>
  );
}
