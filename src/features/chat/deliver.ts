import "server-only";
import type { AuthedContext } from "@/server/context";
import { getEventBus } from "@/server/events";
import { lastEventIdOf, sseResponse, streamBus } from "@/server/http/sse";
import type { RunResult } from "./orchestrate-schemas";
import type { ChatReply } from "./schemas";
import { isTerminalEvent, runStream } from "./runs/events";
import { runAnswer, stopRunOnDisconnect } from "./runs/service";
import type { RunHandle } from "./runs/start";
import type { RunKind } from "./runs/store";

/**
 * How the REST surface delivers an agent run the services started: as Server-Sent Events (the
 * run's bus stream) or as the JSON answer once it is done. Services never see the request.
 */
type SurfaceContext = AuthedContext & { request: Request };

export const wantsEventStream = (request: Request, flag = false) => flag || (request.headers.get("accept") ?? "").includes("text/event-stream");

/**
 * The run's events from its first (or after Last-Event-ID), ending after its last. The session and
 * run ids are in `X-Session-Id` and `X-Run-Id`. Closing the connection before the end cancels the
 * run unless it was asked to continue.
 */
export function runEventStream(ctx: SurfaceContext, handle: Pick<RunHandle, "runId" | "continueOnDisconnect"> & { sessionId: string | null }, kind: RunKind) {
  return streamBus(ctx.request, getEventBus(), runStream(handle.runId), {
    from: "0-0",
    isLast: isTerminalEvent,
    onClientGone: handle.continueOnDisconnect
      ? undefined
      : () => void stopRunOnDisconnect(ctx.db, handle.runId, kind).catch((error: unknown) => console.error(`[runs] could not cancel run ${handle.runId}`, error)),
    headers: { ...(handle.sessionId ? { "x-session-id": handle.sessionId } : {}), "x-run-id": handle.runId },
  });
}

/** A finished run whose stream holds nothing after the client's Last-Event-ID (or has expired): an empty stream that ends. */
export async function finishedStreamIsEmpty(request: Request, runId: string) {
  const after = await getEventBus().readAfter(runStream(runId), lastEventIdOf(request), 1);
  return after.length === 0;
}

export const emptyEventStream = (request: Request) => sseResponse(request, async () => {});

export const chatAnswer = (ctx: SurfaceContext, handle: RunHandle) => runAnswer<ChatReply>(ctx, handle, "chat", ctx.request.signal);

export const runAnswerOf = (ctx: SurfaceContext, handle: RunHandle, kind: RunKind) => runAnswer<RunResult>(ctx, handle, kind, ctx.request.signal);

/** A chat run as the request asked: the chat stream or the JSON reply. */
export async function deliverChat(ctx: SurfaceContext, handle: RunHandle, stream: boolean): Promise<ChatReply | Response> {
  return stream ? runEventStream(ctx, handle, "chat") : chatAnswer(ctx, handle);
}

/** A multi-agent run as the request asked (`stream: true` or `Accept: text/event-stream`): events or the JSON result. */
export async function deliverRun(ctx: SurfaceContext, handle: RunHandle, kind: RunKind, stream: boolean): Promise<RunResult | Response> {
  return wantsEventStream(ctx.request, stream) ? runEventStream(ctx, handle, kind) : runAnswerOf(ctx, handle, kind);
}
