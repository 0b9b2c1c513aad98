"use client";

import clsx from "clsx";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { Markdown } from "./markdown";
import { ToolCallCard } from "./tool-call-card";
import type { ApprovalView, Turn } from "./types";

/** Micro-dollars as dollars, up to 6 decimals: 31 → "$0.000031", 0 → "$0". */
export function formatCost(micros: number) {
  const dollars = (micros / 1_000_000).toFixed(6).replace(/\.?0+$/, "");
  return `$${dollars}`;
}

/** A user's message; `onEdit` (stored messages only) lets it be rewritten into a new branch. */
function UserBubble({ turn, onEdit, editDisabled }: { turn: Turn; onEdit?: (message: string) => void; editDisabled?: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    const save = () => {
      const message = draft.trim();
      if (!message || editDisabled) return;
      setDraft(null);
      onEdit?.(message);
    };
    return (
      <li className="flex justify-end">
        <form
          className="flex w-full max-w-[85%] flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Textarea
            aria-label="Edited message"
            rows={3}
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setDraft(null);
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                save();
              }
            }}
            className="resize-none"
          />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" disabled={!draft.trim() || editDisabled}>
              Save
            </Button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li className="group flex items-center justify-end gap-1">
      {onEdit && (
        <Button
          variant="ghost"
          size="sm"
          aria-label="Edit message"
          title="Edit this message (starts a new branch)"
          disabled={editDisabled}
          onClick={() => setDraft(turn.content)}
          className="text-xs text-zinc-500"
        >
          Edit
        </Button>
      )}
      <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600 px-3.5 py-2 text-sm whitespace-pre-wrap text-white">{turn.content}</div>
    </li>
  );
}

export function MessageBubble({ turn, onEdit, editDisabled }: { turn: Turn; onEdit?: (message: string) => void; editDisabled?: boolean }) {
  if (turn.role === "user") return <UserBubble turn={turn} onEdit={onEdit} editDisabled={editDisabled} />;
  const streaming = turn.status === "streaming";
  // While a tool call waits for approval, the approval card says so instead of "Thinking…".
  const waiting = turn.approval?.status === "pending";
  return (
    <li className="flex flex-col gap-2" data-testid="assistant-message" aria-busy={streaming || undefined}>
      {turn.tool_calls.map((c) => (
        <ToolCallCard key={c.id} call={c} />
      ))}
      {turn.approval && <ApprovalCard approval={turn.approval} />}
      {(turn.content || (streaming && !waiting)) && (
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
            {turn.cost_micros !== undefined && <span data-testid="message-cost"> · {formatCost(turn.cost_micros)}</span>}
          </span>
        )}
      </p>
    </li>
  );
}

const approvalText: Record<ApprovalView["status"], string> = {
  pending: "Waiting for approval",
  approved: "Approved: the agent goes on",
  rejected: "Rejected",
  expired: "The approval request expired",
};

/** A tool call that waits for the owner: a link to decide it on the Approvals page (in a new tab, so this chat keeps listening). */
function ApprovalCard({ approval }: { approval: ApprovalView }) {
  const pending = approval.status === "pending";
  return (
    <div
      role="status"
      data-testid="approval-card"
      className={clsx(
        "flex max-w-[95%] flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border px-3 py-2 text-sm",
        pending ? "border-amber-300 bg-amber-50 text-amber-950" : approval.status === "approved" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-zinc-200 bg-zinc-50 text-zinc-700",
      )}
    >
      <span className="font-medium">{approvalText[approval.status]}</span>
      <span className="min-w-0 text-xs opacity-80">{approval.description}</span>
      {pending && (
        <a href={`/approvals?id=${approval.id}`} target="_blank" rel="noopener" className="ml-auto font-medium text-amber-900 underline underline-offset-2 hover:text-amber-700">
          Open Approvals
        </a>
      )}
    </div>
  );
}
