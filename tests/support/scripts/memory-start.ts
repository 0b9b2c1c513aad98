/**
 * What `npm start` does with PGLITE_DIR=memory://: prepare the database (migrations, demo seed), then
 * open the app's client the way route handlers do. Prints how many users the app sees. Run by
 * tests/integration/migrations.test.ts in a child process (the WASM schema engine stays out of the
 * test worker).
 */
import { migrateAndSeed } from "../../../scripts/prepare";
import { createDb } from "../../../src/server/db/client";

process.env.PGLITE_DIR = "memory://";
delete process.env.DATABASE_URL;
process.env.ATRIUM_MODE = "development";
await migrateAndSeed();
const db = createDb();
console.log(`users: ${await db.user.count()}`);
process.exit(0);
