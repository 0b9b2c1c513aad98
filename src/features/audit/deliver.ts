import "server-only";
import type { ServiceContext } from "@/server/context";
import { lastEventIdOf, sseResponse } from "@/server/http/sse";
import { logRing, recordEventId, seqOfEventId, type LogLevel, type LogRecord } from "@/server/log";
import { assertAdmin } from "./service/access";
import { rank, toLogDto } from "./service/logs";

/**
 * GET /api/logs/stream: the ring as Server-Sent Events (`event: log`, `id: <ms>-<seq>`), records at
 * `level` and above. With Last-Event-ID it replays what followed that record (if still in the ring),
 * without one it starts with new records; then live records until the client goes away.
 */
export function streamLogs({ viewer }: ServiceContext, request: Request, level: LogLevel) {
  assertAdmin(viewer);
  const floor = rank(level);
  const after = seqOfEventId(lastEventIdOf(request));
  return sseResponse(request, async (send, signal) => {
    const ring = logRing();
    let sent = after || ring.lastSeq;
    const deliver = (r: LogRecord) => {
      if (r.seq <= sent) return;
      sent = r.seq;
      if (rank(r.level) >= floor) send("log", toLogDto(r), recordEventId(r));
    };
    // Subscribe first, then replay: a record logged in between is delivered once (seq order kept).
    const live: LogRecord[] = [];
    let replaying = true;
    ring.subscribe((r) => (replaying ? live.push(r) : deliver(r)), signal);
    if (after) for (const r of ring.since(after)) deliver(r);
    replaying = false;
    for (const r of live) deliver(r);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
  });
}
