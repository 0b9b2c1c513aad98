import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 000's network and pairing routes: `/api/peers`, `/api/network/*`, `/api/pairing/*`. */
export const networkRoutes: RouteDef[] = [];
