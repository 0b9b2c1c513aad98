import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrationsDir } from "@/server/db/migrate";
import { createTestDb } from "../support/db";

const script = path.join(import.meta.dirname, "../support/scripts/migrate-twice.ts");
const memoryStart = path.join(import.meta.dirname, "../support/scripts/memory-start.ts");
const migrationCount = readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).length;

function run(file: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", file], { timeout: 45_000, env: { ...process.env, DATABASE_URL: "" } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("migrations", () => {
  it("bring a fresh database to the schema", async () => {
    const testDb = await createTestDb();
    try {
      const tables = await testDb.db.$queryRaw<{ table_name: string }[]>`
        SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`;
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(["api_keys", "invite_codes", "outbox_mail", "refresh_tokens", "users", "verification_codes"]),
      );
      const applied = await testDb.db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
      expect(applied).toHaveLength(migrationCount);
    } finally {
      await testDb.close();
    }
  });

  it("can be applied more than once in one process (a second database, or the same one again)", { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await run(script);
    expect(stdout.trim().split("\n"), stderr).toEqual([`fresh: ${migrationCount}`, "again: 0", `second: ${migrationCount}`]);
    expect(code).toBe(0);
  });

  it("with PGLITE_DIR=memory:// the app serves from the database npm start migrated and seeded", { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await run(memoryStart);
    expect(stdout.trim().split("\n").at(-1), stderr).toBe("users: 1");
    expect(code).toBe(0);
  });
});
