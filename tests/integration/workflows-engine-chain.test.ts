import { describe, expect, it } from "vitest";
import { isLastRunEvent, workflowRunStream } from "@/features/workflows/runs/schemas";
import { getEventBus } from "@/server/events";
import { setupApi } from "../support/harness";
import { person } from "../support/people";
import { runClient, storeWorkflow, type E, type N } from "./workflows-engine.helpers";

const api = setupApi();
const { startRun, getRun } = runClient(api);

/** Waits for a run's last event on the bus (no polling: a poll would compete with the run for the database). */
function finished(runId: string) {
  return new Promise<void>((resolve) => {
    const stop = new AbortController();
    getEventBus().subscribe(workflowRunStream(runId), "0-0", (event) => {
      if (!isLastRunEvent(event)) return;
      stop.abort();
      resolve();
    }, stop.signal);
  });
}

// What a step costs is measured by `npm run bench` (bench/workflows.ts), not asserted here.
describe("workflow engine: a long chain", () => {
  it("runs a chain of 100 pass-through nodes to the end, every step once and in order", async () => {
    const ana = await person(api.http, api.db, "ana");
    const count = 100;
    const nodes: N[] = [{ id: "start", type: "start" }, ...Array.from({ length: count }, (_, i) => ({ id: `p${i}`, type: "parallel" }))];
    const edges: E[] = nodes.slice(1).map((n, i) => [nodes[i].id, n.id]);
    const wf = await storeWorkflow(api.db, ana, nodes, edges);
    const { id } = await startRun(ana, wf.id);
    await finished(id);
    const run = await getRun(ana, id);
    expect(run.status).toBe("succeeded");
    const steps = await api.db.workflowStep.findMany({ where: { runId: id }, orderBy: { startedAt: "asc" } });
    expect(steps).toHaveLength(count + 1);
    expect(steps.every((s) => s.status === "succeeded" && s.attempts === 1)).toBe(true);
    // A chain runs strictly one after another: each step starts once the one before it finished.
    expect(steps.map((s) => s.nodeId)).toEqual(nodes.map((n) => n.id));
    for (let i = 1; i < steps.length; i++) expect(steps[i].startedAt!.getTime()).toBeGreaterThanOrEqual(steps[i - 1].finishedAt!.getTime());
  }, 120_000);
});
