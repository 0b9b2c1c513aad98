import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate` here; migrations are created and applied by
// scripts/db.ts through the WASM schema engine (see docs/architecture.md, "Data").
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/atrium" },
});
