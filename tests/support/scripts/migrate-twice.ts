/**
 * Applies the migrations three times in one process: to a fresh database, to the same one again,
 * and to a second fresh one; prints how many were applied each time. Run by
 * tests/integration/migrations.test.ts in a child process, so a crash of the WASM schema engine
 * cannot take the test worker down with it.
 */
import { openAdapter } from "../../../src/server/db/adapter";
import { applyMigrations } from "../../../src/server/db/migrate";

const first = openAdapter({ kind: "pglite", dataDir: "memory://" });
console.log(`fresh: ${(await applyMigrations(first.factory)).length}`);
console.log(`again: ${(await applyMigrations(first.factory)).length}`);
await first.close();

const second = openAdapter({ kind: "pglite", dataDir: "memory://" });
console.log(`second: ${(await applyMigrations(second.factory)).length}`);
await second.close();
process.exit(0);
