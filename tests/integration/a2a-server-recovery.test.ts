import { TaskState } from "@a2a-js/sdk";
import { describe, expect, it } from "vitest";
import { INTERRUPTED, recoverA2aTasks } from "@/features/a2a-server/runs/recover";
import { runnerForA2a } from "@/features/a2a-server/runs/runner";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { a2aClient, apiKey, deployedAgent, textOfTask } from "./a2a-server-support";

const api = setupApi();

/** A task as a process that died mid-answer leaves it: working, owned by that process, no recent heartbeat. */
const leftWorking = (who: Person, agentId: string, attempts: number, heartbeatAgoMs = 60_000) =>
  api.db.a2aTask.create({
    data: {
      userId: who.id,
      agentId,
      contextId: "ctx-recovery",
      prompt: "interrupted question",
      history: [{ messageId: "m1", role: "ROLE_USER", parts: [{ text: "interrupted question" }] }],
      state: "working",
      owner: "dead-process",
      heartbeatAt: new Date(Date.now() - heartbeatAgoMs),
      attempts,
    },
  });

async function settled(client: Awaited<ReturnType<typeof a2aClient>>, id: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await client.getTask({ tenant: "", id });
    const state = task.status?.state;
    if (state !== TaskState.TASK_STATE_SUBMITTED && state !== TaskState.TASK_STATE_WORKING) return task;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("A2A task recovery", { timeout: 120_000 }, () => {
  it("runs a task a dead process left working once more, to the agent's answer", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const task = await leftWorking(ana, echo.id, 1);
    const runner = await runnerForA2a();
    expect(await recoverA2aTasks(api.db, runner, { exclusive: runner.kind === "in-process" })).toBeGreaterThanOrEqual(1);
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const done = await settled(client, task.id);
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfTask(done)).toBe("You said: interrupted question");
    expect((await api.db.a2aTask.findUniqueOrThrow({ where: { id: task.id } })).attempts).toBe(2);
  });

  it("fails a task interrupted on its second try, saying why, instead of leaving it working", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const task = await leftWorking(ana, echo.id, 2);
    const runner = await runnerForA2a();
    await recoverA2aTasks(api.db, runner, { exclusive: runner.kind === "in-process" });
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const failed = await settled(client, task.id);
    expect(failed.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    const reason = failed.status?.message?.parts[0]?.content;
    expect(reason?.$case === "text" && reason.value).toBe(INTERRUPTED);
  });

  it("leaves a task another live process is working on (fresh heartbeat) alone on a shared Postgres", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const task = await leftWorking(ana, echo.id, 1, 0);
    const runner = await runnerForA2a();
    await recoverA2aTasks(api.db, runner, { exclusive: false });
    expect((await api.db.a2aTask.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("working");
    await api.db.a2aTask.delete({ where: { id: task.id } });
  });
});
