import "server-only";
import { getEventBus } from "@/server/events";
import { workflowRunStream, type RunEvent, type StepEvent } from "./schemas";

/** A run's stream keeps every event (a long run has many steps and logs) for late reconnects... */
const RETENTION = 20_000;
/** ...for an hour after the run ended. */
const TTL_SECONDS = 60 * 60;

/**
 * Publishes a run's events without waiting for each (the bus keeps the order they were sent in),
 * so a step is not slowed by its own announcement; `flush` waits for what was sent.
 */
export class RunPublisher {
  private pending = new Set<Promise<unknown>>();

  constructor(readonly runId: string) {}

  private send(type: string, data: unknown) {
    const sent = getEventBus()
      .publish(workflowRunStream(this.runId), type, data, { retention: RETENTION })
      .catch((error: unknown) => console.error(`[workflows] could not publish ${type} of run ${this.runId}`, error));
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  run(event: RunEvent) {
    this.send("run", event);
  }

  step(event: StepEvent) {
    this.send("step", event);
  }

  log(nodeId: string, level: "debug" | "info" | "warn" | "error", message: string) {
    this.send("log", { node_id: nodeId, level, message: message.slice(0, 2000) });
  }

  async flush() {
    await Promise.all([...this.pending]);
  }

  /** After the run's last event: its stream is kept an hour for reconnects, then forgotten. */
  async end(event: RunEvent) {
    this.run(event);
    await this.flush();
    await getEventBus().expire(workflowRunStream(this.runId), TTL_SECONDS).catch(() => {});
  }
}
