import { Spinner } from "@/components/ui/spinner";
import type { ToolCallView } from "./types";

const json = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

/** A tool call as a collapsible card: name in the summary, arguments and result inside. */
export function ToolCallCard({ call }: { call: ToolCallView }) {
  const failed = typeof call.result === "object" && call.result !== null && "error" in call.result;
  return (
    <details className="group rounded-lg border border-zinc-200 bg-zinc-50 text-xs" data-testid="tool-call" open={call.pending || undefined}>
      <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 font-medium text-zinc-700 select-none">
        <span aria-hidden="true" className="transition-transform group-open:rotate-90">▸</span>
        Tool <code className="font-mono text-zinc-900">{call.name}</code>
        <span className="ml-auto font-normal text-zinc-500">
          {call.pending ? <Spinner className="size-3.5" label="Running" /> : failed ? <span className="text-red-700">failed</span> : "done"}
        </span>
      </summary>
      <div className="flex flex-col gap-2 border-t border-zinc-200 px-3 py-2">
        <div>
          <p className="mb-1 font-medium text-zinc-500">Arguments</p>
          <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-[11px] text-zinc-800">{json(call.arguments)}</pre>
        </div>
        {!call.pending && (
          <div>
            <p className="mb-1 font-medium text-zinc-500">Result</p>
            <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-[11px] text-zinc-800" data-testid="tool-result">
              {call.result === undefined ? "(no result)" : json(call.result)}
            </pre>
          </div>
        )}
      </div>
    </details>
  );
}
