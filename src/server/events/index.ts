import { getRedis } from "../redis";
import type { EventBus } from "./bus";
import { MemoryEventBus } from "./memory-bus";
import { RedisEventBus } from "./redis-bus";

export type { BusEvent, EventBus } from "./bus";

const globalForBus = globalThis as unknown as { atriumBus?: EventBus };

/** The process's bus: Redis Streams when REDIS_URL is set, in memory otherwise. */
export function getEventBus(): EventBus {
  if (!globalForBus.atriumBus) {
    const redis = getRedis();
    globalForBus.atriumBus = redis ? new RedisEventBus(redis) : new MemoryEventBus();
  }
  return globalForBus.atriumBus;
}

export function setEventBus(bus: EventBus | undefined) {
  globalForBus.atriumBus = bus;
}
