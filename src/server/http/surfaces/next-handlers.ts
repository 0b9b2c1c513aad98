import "server-only";
import { getDb } from "../../db";
import { createSurfaceHandler } from "../adapter";
import type { Surface } from "../route-table";

/** The Next.js route-handler exports for a surface's catch-all route file. */
export function nextHandlers(surface: Surface) {
  const handle = createSurfaceHandler(surface, getDb);
  return { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle, OPTIONS: handle, HEAD: handle };
}
