import "server-only";
import type { AuthedContext } from "@/server/context";
import { catalog, loadCatalog } from "./catalog";
import { disconnect, isConnected } from "./connections";
import { checkHealth, storedTools } from "./remote-tools";

/** Pings each of the caller's enabled servers at once (each bounded by its own deadline). */
export async function healthOf({ db, viewer }: AuthedContext) {
  const rows = await db.mcpServer.findMany({ where: { userId: viewer.userId, enabled: true }, orderBy: { name: "asc" } });
  const servers = await Promise.all(
    rows.map(async (row) => ({ id: row.id, name: row.name, tools: storedTools(row).length, ...(await checkHealth(db, row)) })),
  );
  const healthy = servers.filter((s) => s.healthy).length;
  const status = servers.length === 0 ? "empty" : healthy === servers.length ? "healthy" : healthy === 0 ? "unhealthy" : "degraded";
  return { status, servers, total: servers.length, healthy } as const;
}

/**
 * Reads the catalog again (the shipped snapshot and MCP_CATALOG_PATH), moves the caller's servers
 * installed from an entry whose command or address changed onto the new one, and closes their
 * connections so each reopens with its current configuration on next use.
 */
export async function reloadCatalog({ db, viewer }: AuthedContext) {
  loadCatalog();
  const byId = new Map(catalog().map((e) => [e.id, e]));
  const rows = await db.mcpServer.findMany({ where: { userId: viewer.userId } });
  const migrated: string[] = [];
  for (const row of rows) {
    const entry = row.templateId ? byId.get(row.templateId) : undefined;
    if (!entry || entry.transport !== row.transport) continue;
    const moved = entry.transport === "stdio" ? entry.command !== row.command : false;
    if (!moved) continue;
    await db.mcpServer.update({ where: { id: row.id }, data: { command: entry.command ?? null, tools: [], lastError: null } });
    migrated.push(row.name);
  }
  const open = rows.filter((row) => isConnected(row.id));
  for (const row of open) await disconnect(row.id);
  return { catalog_entries: byId.size, migrated, reconnected: open.length };
}
