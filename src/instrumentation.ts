/**
 * Next.js calls this once when the server starts (server.ts calls `app.prepare()` after migrating
 * the database), inside the app's own bundle, where the services and their job handlers live.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundJobs } = await import("./server/jobs/start");
  await startBackgroundJobs();
}
