import clsx from "clsx";
import { Markdown } from "./markdown";
import { ToolCallCard } from "./tool-call-card";
import type { Turn } from "./types";

export function MessageBubble({ turn }: { turn: Turn }) {
  if (turn.role === "user") {
    return (
      <li className="flex justify-end">
        <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600 px-3.5 py-2 text-sm whitespace-pre-wrap text-white">{turn.content}</div>
      </li>
    );
  }
  const streaming = turn.status === "streaming";
  return (
    <li className="flex flex-col gap-2" data-testid="assistant-message" aria-busy={streaming || undefined}>
      {turn.tool_calls.map((c) => (
        <ToolCallCard key={c.id} call={c} />
      ))}
      {(turn.content || streaming) && (
        <div className={clsx("max-w-[95%] rounded-2xl rounded-bl-sm border border-zinc-200 bg-white px-3.5 py-2 text-zinc-800")}>
          {turn.content ? <Markdown text={turn.content} /> : <span className="text-sm text-zinc-400">Thinking…</span>}
          {streaming && turn.content && <span aria-hidden="true" className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-zinc-400 align-middle" />}
        </div>
      )}
      <p className="text-[11px] text-zinc-500">
        {turn.status === "aborted" && <span className="text-amber-700">Stopped. </span>}
        {turn.status === "error" && <span className="text-red-700" role="alert">Error: {turn.error ?? "the reply failed"} </span>}
        {turn.finish_reason === "iteration_limit" && <span className="text-amber-700">Hit the iteration limit. </span>}
        {turn.usage && (
          <span data-testid="token-usage">
            {turn.usage.input_tokens.toLocaleString()} in · {turn.usage.output_tokens.toLocaleString()} out tokens
          </span>
        )}
      </p>
    </li>
  );
}
