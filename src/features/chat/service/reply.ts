import "server-only";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { sseResponse } from "@/server/http/sse";
import type { ChatReply, ChatRequest } from "../schemas";
import { prepareChat } from "./run";

const silent = { token() {}, toolCall() {}, toolResult() {} };

/** POST /agent-chat/{agent_id} and /bare: the whole reply as JSON once the agent loop is done. */
export async function chatReply(ctx: AuthedContext, agentId: string | null, input: ChatRequest, signal: AbortSignal): Promise<ChatReply> {
  const prepared = await prepareChat(ctx, agentId, input);
  const { status, error, ...reply } = await prepared.run(silent, signal);
  if (status === "error") throw new AppError("SERVICE_UNAVAILABLE", error ?? "The model call failed");
  return reply;
}

/**
 * POST /agent-chat/{agent_id}/stream and /bare/stream: Server-Sent Events `token`, `tool_call`,
 * `tool_result`, then `done` (or `error`). The session id is also in the `X-Session-Id` header, so
 * a client knows it even when the first reply fails. When the client goes away the model call is
 * aborted (the provider's HTTP request is cancelled and the ledger records the call as aborted).
 */
export async function chatStream(ctx: AuthedContext, agentId: string | null, input: ChatRequest, request: Request): Promise<Response> {
  const prepared = await prepareChat(ctx, agentId, input);
  return sseResponse(
    request,
    (send, signal) =>
      prepared
        .run(
          {
            token: (content) => send("token", { content }),
            toolCall: (call) => send("tool_call", call),
            toolResult: (result) => send("tool_result", result),
          },
          signal,
        )
        .then((outcome) => {
          if (outcome.status === "error") send("error", { message: outcome.error ?? "The model call failed" });
          else if (outcome.status === "complete") {
            const { session_id, message_id, token_usage, cost_micros, finish_reason } = outcome;
            send("done", { session_id, message_id, token_usage, cost_micros, finish_reason });
          }
        })
        .catch((error: unknown) => {
          console.error("[chat] stream failed", error);
          send("error", { message: "The chat failed on our side" });
        }),
    { "x-session-id": prepared.sessionId },
  );
}
