import { ensurePgliteTemplate, ensurePostgresTemplate } from "./template-db";

/** Once per integration run, before any test file: the migrated template every file clones. */
export default async function setup() {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) await ensurePostgresTemplate(serverUrl);
  else await ensurePgliteTemplate();
}
