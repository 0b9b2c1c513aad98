import "server-only";
import { getEventBus } from "@/server/events";
import { EVENT_ID_PATTERN } from "@/server/events/bus";
import { workflowRunStream } from "../runs/schemas";
import { toExecutionLog } from "../service/dto";
import { readableRun } from "../service/scope";
import { isFinished } from "../service/execute";
import type { SocketOpener } from "./upgrade";

/**
 * `/ws/executions/{id}`: first `{type: "snapshot", data: <execution>}`, then every bus event of the
 * run as `{id, type, data}` (`run`, `step`, `log`), from after `?last_event_id=` when given (a
 * reconnect misses nothing). Closes (1000) after the run's final `run` event.
 */
export const executionSocket: SocketOpener = async (ws, { db, viewer, id, url }) => {
  const run = await readableRun({ db, viewer }, id);
  const lastEventId = url.searchParams.get("last_event_id") ?? undefined;
  const abort = new AbortController();
  ws.on("close", () => abort.abort());
  ws.on("error", () => abort.abort());
  ws.send(JSON.stringify({ type: "snapshot", data: toExecutionLog(run, null) }));
  getEventBus().subscribe(
    workflowRunStream(id),
    lastEventId && EVENT_ID_PATTERN.test(lastEventId) ? lastEventId : "0-0",
    (event) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify({ id: event.id, type: event.type, data: event.data }));
      const data = event.data as { status?: string } | null;
      if (event.type === "run" && data?.status && isFinished(data.status)) {
        abort.abort();
        ws.close(1000, "run finished");
      }
    },
    abort.signal,
  );
  if (isFinished(run.status)) {
    // The stream may have expired: close once what was replayed has gone out.
    setTimeout(() => {
      if (ws.readyState === ws.OPEN) {
        abort.abort();
        ws.close(1000, "run finished");
      }
    }, 2_000).unref();
  }
};
