import "server-only";
import type { Db } from "@/server/db/client";
import { getRedis } from "@/server/redis";

/** A probe that does not answer within this is reported unhealthy: health never hangs. */
export const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS))),
    ]);
    return { status: "healthy" as const, latency_ms: round(performance.now() - started) };
  } catch (error) {
    return {
      status: "unhealthy" as const,
      latency_ms: round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** GET /api/v1/infra/health: the database always, Redis when REDIS_URL is set, each timed. */
export async function infraHealth(db: Db) {
  const services: Record<string, Awaited<ReturnType<typeof probe>>> = {
    database: await probe(() => db.$queryRaw`SELECT 1`),
  };
  const redis = getRedis();
  if (redis) services.redis = await probe(() => redis.ping());
  const healthy = Object.values(services).every((s) => s.status === "healthy");
  return { status: healthy ? ("healthy" as const) : ("unhealthy" as const), services };
}
