import "server-only";
import { getEventBus } from "@/server/events";
import { streamBus } from "@/server/http/sse";
import { commsStream } from "./service/events";

/**
 * GET /api/comms/events/stream: the caller's comms events as they happen, each `data:` the event (as
 * /api/comms/events lists it) with its stream id as `id:`, no event name (EventSource.onmessage gets
 * them). `Last-Event-ID` (or `?lastEventId=`) replays exactly what came after that id first.
 */
export function streamCommsEvents(userId: string, request: Request) {
  return streamBus(request, getEventBus(), commsStream(userId), { map: (event) => ({ data: { ...(event.data as object), stream_id: event.id } }) });
}
