import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { notFound } from "@/server/errors";
import { log } from "@/server/log";
import { CATALOG_SNAPSHOT, type CatalogEntry } from "../catalog-snapshot";
import { catalogEntry } from "../schemas";

let loaded: readonly CatalogEntry[] | undefined;

/**
 * The shipped snapshot, plus (replacing entries of the same id) the entries of the JSON file at
 * MCP_CATALOG_PATH when set. A file that cannot be read or parsed is logged and ignored: the
 * shipped catalog still works.
 */
export function loadCatalog(): readonly CatalogEntry[] {
  const path = process.env.MCP_CATALOG_PATH;
  if (!path) return (loaded = CATALOG_SNAPSHOT);
  try {
    const extra = z.array(catalogEntry).max(500).parse(JSON.parse(readFileSync(path, "utf8")));
    const byId = new Map(CATALOG_SNAPSHOT.map((e) => [e.id, e]));
    for (const entry of extra) byId.set(entry.id, entry);
    return (loaded = [...byId.values()]);
  } catch (error) {
    log.warn("MCP catalog file ignored", { path, err: error });
    return (loaded = CATALOG_SNAPSHOT);
  }
}

export const catalog = () => loaded ?? loadCatalog();

export function catalogEntryById(id: string) {
  const entry = catalog().find((e) => e.id === id);
  if (!entry) throw notFound("Catalog entry");
  return entry;
}
