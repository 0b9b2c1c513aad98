import type { listRoutes, overview, recentCalls } from "../service/routes";

/** What the gateway procedures return, as the page's components read it. */
export type Overview = Awaited<ReturnType<typeof overview>>;
export type Calls = Awaited<ReturnType<typeof recentCalls>>;
export type GatewayRouteRow = Awaited<ReturnType<typeof listRoutes>>[number];
