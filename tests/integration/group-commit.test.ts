import { describe, expect, it } from "vitest";
import { groupCommitter } from "@/server/db/group-commit";
import { setupApi } from "../support/harness";

/** Writes that arrive together share a transaction; one bad write fails only its own caller. */
const h = setupApi();

describe("group commit", () => {
  it("commits writes arriving together in fewer transactions, each caller getting its own row", async () => {
    const groups: number[] = [];
    const commit = groupCommitter<string, string>(() => h.db, {
      maxBatch: 50,
      async write(tx, names) {
        groups.push(names.length);
        await tx.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS gc_rows (name text PRIMARY KEY)");
        for (const name of names) await tx.$executeRawUnsafe("INSERT INTO gc_rows (name) VALUES ($1)", name);
        return names.map((n) => `stored ${n}`);
      },
    });
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    expect(await Promise.all(names.map((n) => commit(n)))).toEqual(names.map((n) => `stored ${n}`));
    expect(groups.length).toBeLessThan(names.length);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(20);
    const [{ count }] = await h.db.$queryRawUnsafe<{ count: number }[]>("SELECT count(*)::int AS count FROM gc_rows");
    expect(count).toBe(20);
  });

  it("retries a failed group one by one, so only the bad write fails", async () => {
    await h.db.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS gc_unique (name text PRIMARY KEY)");
    await h.db.$executeRawUnsafe("INSERT INTO gc_unique (name) VALUES ('taken')");
    const commit = groupCommitter<string, string>(() => h.db, {
      maxBatch: 50,
      async write(tx, names) {
        for (const name of names) await tx.$executeRawUnsafe("INSERT INTO gc_unique (name) VALUES ($1)", name);
        return names;
      },
    });
    const results = await Promise.allSettled(["a", "b", "taken", "c"].map((n) => commit(n)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const rows = await h.db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM gc_unique ORDER BY name");
    expect(rows.map((r) => r.name)).toEqual(["a", "b", "c", "taken"]);
  });
});
