import { Redis } from "ioredis";
import { env } from "./env";

const globalForRedis = globalThis as unknown as { atriumRedis?: Redis | null };

/** The shared Redis connection when REDIS_URL is set, else null (everything has an in-memory twin). */
export function getRedis(): Redis | null {
  if (globalForRedis.atriumRedis === undefined) {
    const url = env().REDIS_URL;
    globalForRedis.atriumRedis = url
      ? new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2000, enableOfflineQueue: true, lazyConnect: false })
      : null;
    // A missing Redis must not crash the process; health reports it and callers fail per request.
    globalForRedis.atriumRedis?.on("error", () => {});
  }
  return globalForRedis.atriumRedis;
}
