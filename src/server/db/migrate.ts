import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";

/**
 * Creates and applies migrations with Prisma's schema engine compiled to WASM, so it works on
 * machines that cannot download Prisma's native engine. The migrations folder stays in Prisma's
 * format, so `prisma migrate deploy` works too wherever the native engine is available.
 */
const root = process.cwd();
export const schemaDir = path.join(root, "prisma/schema");
export const migrationsDir = path.join(root, "prisma/migrations");
const noFilters = { externalTables: [], externalEnums: [] };

function schemaFiles() {
  return readdirSync(schemaDir)
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f) => ({ path: path.join(schemaDir, f), content: readFileSync(path.join(schemaDir, f), "utf8") }));
}

export function migrationsList(): MigrationList {
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((dir) => {
      const file = path.join(migrationsDir, dir, "migration.sql");
      return {
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file) ? { tag: "ok", value: readFileSync(file, "utf8") } : { tag: "error", value: "missing migration.sql" },
        },
      };
    }),
  } as MigrationList;
}

/**
 * Node's ESM loader cannot import the engine's .wasm file itself, so it is instantiated by hand,
 * once per process: the module's start function may run only once.
 */
let engineClass: Promise<typeof SchemaEngineType> | undefined;
function schemaEngineClass() {
  engineClass ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return (bg as unknown as { SchemaEngine: typeof SchemaEngineType }).SchemaEngine;
  })();
  return engineClass;
}

async function loadEngine(factory: SqlMigrationAwareDriverAdapterFactory, log: (line: string) => void): Promise<SchemaEngine> {
  const SchemaEngine = await schemaEngineClass();
  const datamodels = schemaFiles().map((f) => [f.path, f.content] as [string, string]);
  return SchemaEngine.new({ datamodels }, (msg: string) => log(String(msg)), bindMigrationAwareSqlAdapterFactory(factory));
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, log: (line: string) => void = () => {}) {
  const engine = await loadEngine(factory, log);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: migrationsList(), filters: noFilters });
    return appliedMigrationNames;
  } finally {
    // The engine's Rust side holds the adapter (and through it a PGlite with its whole WASM heap)
    // until freed; garbage collection alone never releases it.
    engine.free();
  }
}

/** Diffs the migrations folder against the schema and returns the SQL of the next migration, or null. */
export async function nextMigrationSql(factory: SqlMigrationAwareDriverAdapterFactory, log: (line: string) => void = () => {}) {
  const engine = await loadEngine(factory, log);
  try {
    return await engine.diff({
      from: { tag: "migrations", ...migrationsList() },
      to: { tag: "schemaDatamodel", files: schemaFiles() },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
  } finally {
    engine.free();
  }
}
