/** `npm run db:seed -- demo|empty`: runs a named seed against the configured database. */
import { databaseTarget, openAdapter } from "../src/server/db/adapter";
import { createDb } from "../src/server/db/client";
import { seed, DEMO_USER } from "../src/server/seed";

const name = (process.argv[2] ?? "demo") as "demo" | "empty";
if (!["demo", "empty"].includes(name)) {
  console.error("usage: npm run db:seed -- demo|empty");
  process.exit(1);
}
const opened = openAdapter(databaseTarget());
const db = createDb(opened);
const { seeded } = await seed(db, name);
await db.$disconnect();
await opened.close();
console.log(seeded ? `seeded "${name}": ${DEMO_USER.email} / ${DEMO_USER.password}` : `"${name}" needed nothing`);
