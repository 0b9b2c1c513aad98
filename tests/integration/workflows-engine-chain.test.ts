import { describe, expect, it } from "vitest";
import { isLastRunEvent, workflowRunStream } from "@/features/workflows/runs/schemas";
import { getEventBus } from "@/server/events";
import { setupApi } from "../support/harness";
import { person } from "../support/people";
import { runClient, storeWorkflow, type E, type N } from "./workflows-engine.helpers";

const api = setupApi();
const { startRun, getRun, untilRun } = runClient(api);

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

describe("workflow engine: per-step overhead", () => {
  it("a chain of 100 parallel nodes (pass-through) costs two statements a step, durably", async () => {
    const ana = await person(api.http, api.db, "ana");
    const count = 100;
    const nodes: N[] = [{ id: "start", type: "start" }, ...Array.from({ length: count }, (_, i) => ({ id: `p${i}`, type: "parallel" }))];
    const edges: E[] = nodes.slice(1).map((n, i) => [nodes[i].id, n.id]);
    const wf = await storeWorkflow(api.db, ana, nodes, edges);
    await untilRun(ana, (await startRun(ana, wf.id)).id); // warm-up
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await startRun(ana, wf.id);
      await finished(id);
      const run = await getRun(ana, id);
      expect(run.status).toBe("succeeded");
      runs.push(run.duration_ms! / (count + 1));
    }
    const best = Math.min(...runs);
    console.info(`[workflows] per-step overhead: ${runs.map((ms) => ms.toFixed(2)).join(", ")} ms (best ${best.toFixed(2)})`);
    // Two statements a step (on a loaded 2-core machine Prisma takes 1.5-2 ms for `SELECT 1`): a regression guard, not the goal.
    expect(best).toBeLessThan(30);
  }, 120_000);
});
