/**
 * Everything `npm start` and `npm run dev` do before serving: a secret, a build when the sources
 * changed (start only), migrations, and the demo seed on an empty database.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseTarget, openAppDatabase } from "../src/server/db/adapter";
import { createDb } from "../src/server/db/client";
import { applyMigrations } from "../src/server/db/migrate";
import { DEMO_USER, isEmpty, seed } from "../src/server/seed";

const root = process.cwd();

export function ensureSecret() {
  if (!process.env.ATRIUM_SECRET) {
    const file = path.join(root, ".data", "secret");
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    }
    process.env.ATRIUM_SECRET = readFileSync(file, "utf8").trim();
  }
  process.env.NEXTAUTH_SECRET ??= process.env.ATRIUM_SECRET;
  process.env.NEXTAUTH_URL ??= process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: "inherit", env: process.env });

export function ensureGenerated() {
  if (!existsSync(path.join(root, "src/generated/prisma/client.ts"))) run("npm", ["run", "--silent", "db:generate"]);
}

/** Builds when there is no build yet or a source file is newer than it. */
export function ensureBuilt() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const inputs = ["src", "public", "prisma"].filter((d) => existsSync(path.join(root, d))).map((d) => newestMtime(path.join(root, d)));
  const configs = ["next.config.mjs", "package-lock.json", "tailwind.config.ts", "postcss.config.mjs"]
    .filter((f) => existsSync(path.join(root, f)))
    .map((f) => statSync(path.join(root, f)).mtimeMs);
  if (builtAt > Math.max(0, ...inputs, ...configs)) return;
  console.log("[atrium] building the web app (first start or changed sources)...");
  run("npx", ["next", "build"]);
}

export async function migrateAndSeed() {
  const target = databaseTarget();
  const opened = openAppDatabase(target);
  try {
    const applied = await applyMigrations(opened.factory);
    const where = target.kind === "postgres" ? "Postgres (DATABASE_URL)" : `embedded PGlite at ${target.dataDir}`;
    console.log(`[atrium] database: ${where}; ${applied.length ? `applied ${applied.join(", ")}` : "schema up to date"}`);
    const db = createDb(opened);
    // A well-known password has no place on a production server.
    const production = process.env.ATRIUM_MODE === "production";
    if (!production && (await isEmpty(db))) {
      await seed(db, "demo");
      console.log("[atrium] seeded the demo workspace");
    }
    const hasDemo = (await db.user.count({ where: { email: DEMO_USER.email } })) > 0;
    await db.$disconnect();
    if (hasDemo && !production) console.log(`[atrium] demo account: ${DEMO_USER.email} / ${DEMO_USER.password}`);
    warnWhereCodesGo(production);
  } finally {
    await opened.close();
  }
}

/**
 * Without SMTP, sign-up and recovery codes reach people only through this server's log (and, for a
 * developer on this machine, the dev outbox). Fine on a laptop; on a production server nobody would
 * receive them, so say so where an operator looks first.
 */
function warnWhereCodesGo(production: boolean) {
  if (process.env.SMTP_URL) return;
  if (production) {
    console.warn(
      [
        "[atrium] ************************************************************************",
        "[atrium] WARNING: SMTP_URL is not set. No e-mail leaves this server: sign-up and",
        "[atrium] password-recovery codes are written to THIS LOG ONLY. Set SMTP_URL so people",
        "[atrium] receive them (e.g. SMTP_URL=smtps://user:pass@smtp.example.com).",
        "[atrium] ************************************************************************",
      ].join("\n"),
    );
  } else {
    console.log("[atrium] no SMTP_URL: mailed codes go to this log and to /dev/outbox (readable from this machine only)");
  }
}
