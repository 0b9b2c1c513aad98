"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PlusIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { toast } from "sonner";
import { BranchSwitcher } from "./branch-switcher";
import { Composer } from "./composer";
import { turnsOf } from "./history-turns";
import { MessageBubble } from "./message-bubble";
import type { Turn } from "./types";
import { useChat } from "./use-chat";
import { useOlderMessages } from "./use-older-messages";

const HISTORY_LIMIT = 50;
const BRANCH_LIMIT = 100;
const NO_ID = "00000000-0000-0000-0000-000000000000";
/** Which conversation the panel shows: null until the user starts a new one or one starts here. */
type View = { sessionId: string | null; showHistory: boolean } | null;

/** The chat playground: the agent's latest conversation (from the server), streaming replies, Stop, New conversation. */
export function ChatPanel({ agentId, agentName, tall }: { agentId: string; agentName: string; tall?: boolean }) {
  const trpc = useTRPC();
  // Fetched once per mount (gcTime 0: a remount reads afresh); what is sent here is appended locally.
  const frozen = { staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false, refetchOnReconnect: false } as const;
  const sessions = useQuery({ ...trpc.chat.sessions.queryOptions({ agent_id: agentId, page: 1, page_size: 1 }), ...frozen });
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>(null);
  // A branch picked in the switcher (its tip id), and the turns kept above an edited message while its new branch streams.
  const [branchTip, setBranchTip] = useState<string | null>(null);
  const [prefix, setPrefix] = useState<Turn[] | null>(null);
  const [switching, setSwitching] = useState(false);
  const latest = sessions.data?.items[0]?.id ?? null;
  const sessionId = view ? view.sessionId : latest;
  const showHistory = view ? view.showHistory : true;
  const history = useQuery({
    ...trpc.chat.history.queryOptions({ session_id: sessionId ?? "00000000-0000-0000-0000-000000000000", limit: HISTORY_LIMIT }),
    ...frozen,
    enabled: Boolean(sessionId) && showHistory && !branchTip,
  });
  const branchPage = useQuery({ ...trpc.chat.branch.queryOptions({ branch_id: branchTip ?? NO_ID, limit: BRANCH_LIMIT }), ...frozen, enabled: Boolean(branchTip) });
  const branches = useQuery({
    ...trpc.chat.branches.queryOptions({ session_id: sessionId ?? NO_ID }),
    refetchOnWindowFocus: false,
    enabled: Boolean(sessionId),
  });
  // History already shown belongs to this session; a session started here is all in chat.turns.
  const chat = useChat(agentId, sessionId, (id) => setView({ sessionId: id, showHistory: showHistory && sessionId === id }));
  const scroller = useRef<HTMLDivElement>(null);

  const older = useOlderMessages(showHistory ? sessionId : null);
  const past: Turn[] = prefix
    ? prefix
    : branchTip
      ? turnsOf(branchPage.data?.messages ?? [])
      : showHistory && history.data
        ? [...older.turns, ...turnsOf(history.data.messages)]
        : [];
  const canLoadOlder = !prefix && !branchTip && showHistory && (older.hasMore ?? history.data?.has_more ?? false);
  const turns = [...past, ...chat.turns];
  const loading =
    sessions.isPending || (!prefix && (branchTip ? branchPage.isPending : Boolean(sessionId) && showHistory && history.isPending));
  const failed = sessions.error ?? (prefix ? null : branchTip ? branchPage.error : showHistory ? history.error : null);
  const branchItems = branches.data?.session_id === sessionId ? (branches.data?.items ?? []) : [];
  const currentBranch = branchItems.findIndex((b) => b.is_current);
  const busy = chat.streaming || switching;

  // Follow the newest message as it streams (not when earlier pages are prepended).
  const last = turns[turns.length - 1];
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last?.id, last?.content, last?.tool_calls.length, last?.status, loading]);

  function newConversation() {
    chat.stop();
    chat.reset();
    setBranchTip(null);
    setPrefix(null);
    setView({ sessionId: null, showHistory: false });
  }

  /** Send in the current branch (the session continues from its tip), then refresh the branch list. */
  async function send(message: string) {
    await chat.send(message);
    void branches.refetch();
  }

  /** Rewrite a stored user message: the turns above it stay, the edit and its reply stream into a new branch. */
  async function edit(index: number, message: string) {
    const target = turns[index];
    setPrefix(turns.slice(0, index));
    chat.reset();
    await chat.send(message, target.id);
    void branches.refetch();
  }

  /** Show another branch and make the session continue from its tip. */
  async function switchTo(tipId: string) {
    if (!sessionId) return;
    setSwitching(true);
    try {
      const response = await fetch("/api/v1/agent-chat/branches", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ session_id: sessionId, from_message_id: tipId }),
        credentials: "same-origin",
      });
      if (!response.ok) {
        const problem = (await response.json().catch(() => null)) as { detail?: string; title?: string } | null;
        throw new Error(problem?.detail ?? problem?.title ?? `The server answered ${response.status}`);
      }
      await queryClient.invalidateQueries({ queryKey: trpc.chat.branch.queryKey({ branch_id: tipId, limit: BRANCH_LIMIT }) });
      chat.reset();
      setPrefix(null);
      setBranchTip(tipId);
      await branches.refetch();
    } catch (error) {
      toast.error(`Could not switch branches: ${errorText(error)}`);
    } finally {
      setSwitching(false);
    }
  }

  return (
    <Card className="flex flex-col overflow-hidden" aria-label={`Chat with ${agentName}`}>
      <div className="flex items-center justify-between gap-2 border-b border-zinc-100 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-zinc-900">Playground</h2>
        <Button variant="ghost" size="sm" onClick={newConversation} disabled={busy}>
          <PlusIcon className="size-4" />
          New conversation
        </Button>
      </div>
      {branchItems.length > 1 && currentBranch >= 0 && (
        <BranchSwitcher items={branchItems} index={currentBranch} disabled={busy} onSwitch={(id) => void switchTo(id)} />
      )}
      <div ref={scroller} className={tall ? "h-[calc(100dvh-21rem)] min-h-80 overflow-y-auto px-4 py-4" : "h-[28rem] overflow-y-auto px-4 py-4 xl:h-[calc(100dvh-20rem)]"} aria-live="polite">
        {loading ? (
          <div className="flex h-full items-center justify-center text-zinc-500">
            <Spinner label="Loading the conversation" />
          </div>
        ) : failed ? (
          <p role="alert" className="text-sm text-red-700">Could not load the conversation: {errorText(failed)}</p>
        ) : turns.length === 0 ? (
          <div className="flex h-full flex-col items-center justify-center text-center text-sm text-zinc-500">
            <p className="font-medium text-zinc-700">Say hello to {agentName}</p>
            <p className="mt-1 max-w-xs">
              With the built-in model, try <code className="font-mono text-xs">call tool calculator with {'{"expression":"6*7"}'}</code>
            </p>
          </div>
        ) : (
          <ol className="flex flex-col gap-4" aria-label="Messages">
            {canLoadOlder && past[0] && (
              <li className="flex justify-center">
                <Button variant="ghost" size="sm" loading={older.loading} onClick={() => void older.loadBefore(past[0].id)}>
                  Load earlier messages
                </Button>
              </li>
            )}
            {turns.map((t, i) => (
              <MessageBubble
                key={t.id}
                turn={t}
                editDisabled={busy}
                onEdit={t.role === "user" && sessionId && !t.id.startsWith("local-") ? (m) => void edit(i, m) : undefined}
              />
            ))}
          </ol>
        )}
      </div>
      <Composer streaming={chat.streaming} onSend={(m) => void send(m)} onStop={chat.stop} disabled={loading || switching} />
    </Card>
  );
}
