import type { Redis } from "ioredis";
import { STREAM_RETENTION, type BusEvent, type EventBus, type PublishOptions } from "./bus";

const PREFIX = "atrium:events:";

/**
 * Redis Streams: XADD with an approximate cap, XRANGE for replay, and a blocking XREAD per
 * subscription on its own connection (a blocked connection cannot serve anything else).
 */
export class RedisEventBus implements EventBus {
  private readers = new Set<Redis>();

  constructor(private redis: Redis) {}

  async publish(stream: string, type: string, data: unknown, options: PublishOptions = {}) {
    const retention = String(options.retention ?? STREAM_RETENTION);
    const id = await this.redis.xadd(PREFIX + stream, "MAXLEN", "~", retention, "*", "type", type, "data", JSON.stringify(data));
    return id as string;
  }

  async expire(stream: string, seconds: number) {
    await this.redis.expire(PREFIX + stream, seconds);
  }

  async readAfter(stream: string, afterId: string | undefined, limit = STREAM_RETENTION) {
    const entries = await this.redis.xrange(PREFIX + stream, afterId ? `(${afterId}` : "-", "+", "COUNT", limit);
    return entries.map(([id, fields]) => decode(id, fields));
  }

  subscribe(stream: string, afterId: string | undefined, onEvent: (event: BusEvent) => void, signal: AbortSignal) {
    if (signal.aborted) return;
    const reader = this.redis.duplicate();
    reader.on("error", () => {});
    this.readers.add(reader);
    const stop = () => {
      this.readers.delete(reader);
      reader.disconnect();
    };
    signal.addEventListener("abort", stop, { once: true });
    void (async () => {
      // Without a resume point, start at the current end so only new events arrive.
      let cursor = afterId ?? (await lastId(this.redis, PREFIX + stream));
      while (!signal.aborted) {
        try {
          const result = await reader.xread("COUNT", 100, "BLOCK", 5000, "STREAMS", PREFIX + stream, cursor);
          for (const [, entries] of result ?? []) {
            for (const [id, fields] of entries) {
              cursor = id;
              if (!signal.aborted) onEvent(decode(id, fields));
            }
          }
        } catch {
          if (signal.aborted) return;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })();
  }

  async close() {
    for (const reader of this.readers) reader.disconnect();
    this.readers.clear();
  }
}

async function lastId(redis: Redis, key: string) {
  const last = await redis.xrevrange(key, "+", "-", "COUNT", 1);
  return last[0]?.[0] ?? "0-0";
}

function decode(id: string, fields: string[]): BusEvent {
  const map: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  let data: unknown = null;
  try {
    data = JSON.parse(map.data ?? "null");
  } catch {
    data = map.data;
  }
  return { id, type: map.type ?? "message", data };
}
