import { nextHandlers } from "@/server/http/surfaces/next-handlers";

/** Anything under /api that no surface claims: a 404 problem, never Next's HTML 404 page. */
export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD } = nextHandlers({ prefix: "/api", title: "unclaimed", routes: [] });
