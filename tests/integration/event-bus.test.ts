import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { compareIds, type EventBus } from "@/server/events/bus";
import { MemoryEventBus } from "@/server/events/memory-bus";
import { RedisEventBus } from "@/server/events/redis-bus";
import { suffix } from "../support/ids";

/** The same contract for both buses; the Redis one runs when REDIS_URL is set (CI sets it). */
const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl) : null;
afterAll(async () => {
  await redis?.quit();
});

const buses: [string, () => EventBus][] = [["memory", () => new MemoryEventBus()]];
if (redis) buses.push(["redis", () => new RedisEventBus(redis)]);

const collect = (bus: EventBus, stream: string, afterId?: string) => {
  const got: { id: string; type: string; data: unknown }[] = [];
  const controller = new AbortController();
  bus.subscribe(stream, afterId, (e) => got.push(e), controller.signal);
  return { got, stop: () => controller.abort() };
};

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(buses)("%s event bus", (_name, make) => {
  it("gives increasing <ms>-<seq> ids and replays after a given id", async () => {
    const bus = make();
    const stream = `test:${suffix()}`;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await bus.publish(stream, "tick", { i }));
    expect(ids.every((id) => /^\d+-\d+$/.test(id))).toBe(true);
    expect([...ids].sort(compareIds)).toEqual(ids);
    const after = await bus.readAfter(stream, ids[1]);
    expect(after.map((e) => e.data)).toEqual([{ i: 2 }, { i: 3 }, { i: 4 }]);
    expect((await bus.readAfter(stream, undefined)).length).toBe(5);
  });

  it("delivers live events to subscribers and stops after abort", async () => {
    const bus = make();
    const stream = `test:${suffix()}`;
    const sub = collect(bus, stream);
    await new Promise((r) => setTimeout(r, 100));
    await bus.publish(stream, "hello", { n: 1 });
    await until(() => sub.got.length === 1);
    expect(sub.got[0]).toMatchObject({ type: "hello", data: { n: 1 } });
    sub.stop();
    await new Promise((r) => setTimeout(r, 100));
    await bus.publish(stream, "hello", { n: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.got.length).toBe(1);
  });

  it("resumes from Last-Event-ID: missed events first, then live ones, none twice", async () => {
    const bus = make();
    const stream = `test:${suffix()}`;
    const first = await bus.publish(stream, "n", 1);
    await bus.publish(stream, "n", 2);
    await bus.publish(stream, "n", 3);
    const sub = collect(bus, stream, first);
    await until(() => sub.got.length === 2);
    await bus.publish(stream, "n", 4);
    await until(() => sub.got.length === 3);
    expect(sub.got.map((e) => e.data)).toEqual([2, 3, 4]);
    sub.stop();
  });
});
