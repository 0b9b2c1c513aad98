"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { turnsOf } from "./history-turns";
import type { Turn } from "./types";

const PAGE = 30;

/** Earlier pages of a conversation, loaded on request (a long conversation is never one blob). */
export function useOlderMessages(sessionId: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ session: string | null; turns: Turn[]; hasMore: boolean | null }>({ session: null, turns: [], hasMore: null });
  const [loading, setLoading] = useState(false);
  const mine = state.session === sessionId ? state : { session: sessionId, turns: [], hasMore: null };

  async function loadBefore(firstId: string) {
    if (!sessionId) return;
    setLoading(true);
    try {
      const page = await queryClient.fetchQuery({ ...trpc.chat.history.queryOptions({ session_id: sessionId, before: firstId, limit: PAGE }), staleTime: 0 });
      setState({ session: sessionId, turns: [...turnsOf(page.messages), ...mine.turns], hasMore: page.has_more });
    } catch (error) {
      toast.error(errorText(error));
    } finally {
      setLoading(false);
    }
  }

  return { turns: mine.turns, hasMore: mine.hasMore, loading, loadBefore };
}
