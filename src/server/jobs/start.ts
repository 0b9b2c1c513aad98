import "server-only";
import { registerApprovalExpiry } from "@/features/approvals/sweep";
import { registerAgentRuns } from "@/features/chat/runs/executor";
import { recoverInterruptedRuns } from "@/features/chat/runs/recover";
import { registerWorkflowJobs } from "@/features/workflows/runs/jobs";
import { registerGatewayJobs } from "@/features/gateway/jobs";
import { registerMeshJobs } from "@/features/mesh/jobs";
import { registerAguiJobs } from "@/features/agui/jobs";
import { registerA2aClientJobs } from "@/features/a2a/jobs";
import { registerA2aServerJobs } from "@/features/a2a-server/jobs";
import { registerAgentGatewayJobs } from "@/features/agent-gateway/jobs";
import { registerNetworkJobs } from "@/features/network/jobs";
import { registerCommsJobs } from "@/features/comms/jobs";
import { getDb } from "../db";
import { log } from "../log";
import { getJobRunner, type JobRunner } from ".";
import { repeatWhileRunner } from "./periodic";

/** How often a process sharing Postgres with others looks for runs that lost their process. */
const SWEEP_MS = 30_000;

const globalForStart = globalThis as unknown as { atriumJobsStarted?: WeakMap<JobRunner, Promise<JobRunner>> };
const started = (globalForStart.atriumJobsStarted ??= new WeakMap());

/**
 * Starts this process's background work once its database is migrated: every job handler
 * registered, runs a dead process left behind ended, then the runner started (it picks up queued
 * jobs). Once per runner: server.ts calls it at start; otherwise (next dev, tests) the first run does.
 */
export function startBackgroundJobs(): Promise<JobRunner> {
  const runner = getJobRunner();
  let starting = started.get(runner);
  if (!starting) {
    starting = start(runner);
    started.set(runner, starting);
  }
  return starting;
}

async function start(runner: JobRunner) {
  registerAgentRuns(runner);
  registerWorkflowJobs(runner);
  registerApprovalExpiry(runner);
  await registerGatewayJobs(runner);
  await registerMeshJobs(runner);
  await registerAguiJobs(runner);
  await registerA2aClientJobs(runner);
  await registerA2aServerJobs(runner);
  await registerAgentGatewayJobs(runner);
  await registerNetworkJobs(runner);
  await registerCommsJobs(runner);
  const exclusive = runner.kind === "in-process";
  await recoverInterruptedRuns(getDb(), { owner: runner.owner, exclusive });
  await runner.start();
  if (!exclusive) {
    repeatWhileRunner(runner, SWEEP_MS, () =>
      recoverInterruptedRuns(getDb(), { owner: runner.owner, exclusive }).catch((error: unknown) => log.error("agent-run recovery sweep failed", { err: error })),
    );
  }
  return runner;
}
