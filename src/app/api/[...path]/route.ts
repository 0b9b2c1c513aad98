import { apiUnversioned } from "@/server/http/surfaces/api-unversioned";
import { nextHandlers } from "@/server/http/surfaces/next-handlers";

/**
 * Seed 000's unversioned `/api/...` routes for `next dev` and other hosts (server.ts answers them
 * itself in production), and a 404 problem for anything under /api no surface claims, never Next's
 * HTML 404 page.
 */
export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD } = nextHandlers(apiUnversioned);
