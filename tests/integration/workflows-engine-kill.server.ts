/**
 * The Atrium process of the kill test (workflows-engine-kill.test.ts), compiled and forked like
 * `npm start` runs Atrium: it opens the database (KILL_PGLITE_DIR, a PGlite data directory on disk,
 * or DATABASE_URL), starts the job runner with every handler (and with it the workflow recovery),
 * and answers the test over IPC: `start` stores a workflow and starts a run of it, `get` reads a run
 * with its steps. The test SIGKILLs it mid-run and forks another on the same database.
 */
import { randomBytes } from "node:crypto";
import { setDb } from "../../src/server/db";
import { openAdapter } from "../../src/server/db/adapter";
import { createDb } from "../../src/server/db/client";
import { applyMigrations } from "../../src/server/db/migrate";
import { usernameKey } from "../../src/features/identity/username";

type Message = { type: "start"; definition: object; input: Record<string, unknown> } | { type: "get"; id: string };

async function main() {
  const url = process.env.DATABASE_URL;
  const opened = url ? openAdapter({ kind: "postgres", url }) : openAdapter({ kind: "pglite", dataDir: process.env.KILL_PGLITE_DIR! });
  if (!url) await applyMigrations(opened.factory);
  const db = createDb(opened);
  setDb(db);
  const { startBackgroundJobs } = await import("../../src/server/jobs/start");
  await startBackgroundJobs();
  const { startWorkflowRun } = await import("../../src/features/workflows/runs/service");
  const { runDto } = await import("../../src/features/workflows/runs/dto");

  process.on("message", (message: Message) => {
    void (async () => {
      if (message.type === "start") {
        const name = `kill_${randomBytes(4).toString("hex")}`;
        const user = await db.user.create({ data: { email: `${name}@atrium.local`, username: name, usernameKey: usernameKey(name), passwordHash: "unused", emailConfirmedAt: new Date() } });
        const definition = message.definition as never;
        const workflow = await db.workflow.create({ data: { ownerId: user.id, name: "kill", definition, version: 1 } });
        await db.workflowVersion.create({ data: { workflowId: workflow.id, version: 1, name: "kill", definition, createdById: user.id } });
        const run = await startWorkflowRun(db, { workflowId: workflow.id, userId: user.id, input: message.input, trigger: "manual" });
        process.send!({ type: "started", id: run.id });
      } else if (message.type === "get") {
        const run = await db.workflowRun.findUnique({ where: { id: message.id } });
        const steps = await db.workflowStep.findMany({ where: { runId: message.id }, orderBy: { createdAt: "asc" } });
        process.send!({ type: "run", run: run ? runDto(run, steps) : null });
      }
    })().catch((error: unknown) => process.send!({ type: "error", message: String(error) }));
  });
  process.send!({ type: "ready" });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
