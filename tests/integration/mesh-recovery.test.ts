import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recoverMeshTasks, INTERRUPTED } from "@/features/mesh/runs/recover";
import { runnerForMesh } from "@/features/mesh/runs/runner";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { mesh, settledTask, startExternalAgent, type ExternalAgent } from "./mesh-support";

const api = setupApi();
let ana: Person;
let restoreEnv: () => void;
let agent: ExternalAgent;

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
  ana = await person(api.http, api.db, "ana");
  agent = await startExternalAgent(() => ({ json: { result: "recovered answer" } }));
  expect((await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "worker", type: "process", endpoint: agent.url } })).status).toBe(201);
});
afterAll(async () => {
  await agent?.close();
  restoreEnv?.();
});

/** A task as a process that died mid-run leaves it: running, owned by that process, no recent heartbeat. */
const leftRunning = (attempts: number) =>
  api.db.meshTask.create({
    data: { userId: ana.id, message: { payload: { task: "interrupted work" } }, task: "interrupted work", assignedAgents: ["worker"], status: "running", owner: "dead-process", heartbeatAt: new Date(Date.now() - 60_000), attempts },
  });

describe("mesh task recovery", () => {
  it("runs a task a dead process left running once more, to completion", async () => {
    const task = await leftRunning(1);
    const runner = await runnerForMesh();
    expect(await recoverMeshTasks(api.db, runner, { exclusive: runner.kind === "in-process" })).toBeGreaterThanOrEqual(1);
    expect(await settledTask(api.http, ana.token, task.id)).toMatchObject({ status: "completed", result: "recovered answer" });
    expect((await api.db.meshTask.findUniqueOrThrow({ where: { id: task.id } })).attempts).toBe(2);
  });

  it("fails a task interrupted on its second try instead of running it forever", async () => {
    const task = await leftRunning(2);
    const runner = await runnerForMesh();
    await recoverMeshTasks(api.db, runner, { exclusive: runner.kind === "in-process" });
    expect(await settledTask(api.http, ana.token, task.id)).toMatchObject({ status: "failed", error: { code: "TASK_FAILED", message: INTERRUPTED } });
  });

  it("leaves a task another live process is running (fresh heartbeat) alone on a shared Postgres", async () => {
    const task = await api.db.meshTask.create({
      data: { userId: ana.id, message: {}, task: "busy elsewhere", assignedAgents: ["worker"], status: "running", owner: "live-process", heartbeatAt: new Date(), attempts: 1 },
    });
    const runner = await runnerForMesh();
    await recoverMeshTasks(api.db, runner, { exclusive: false });
    expect((await api.db.meshTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("running");
    await api.db.meshTask.delete({ where: { id: task.id } });
  });
});
