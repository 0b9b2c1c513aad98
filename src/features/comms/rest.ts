import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 000's comms routes: `/api/comms/topology`, events, events/stream, send, task. */
export const commsRoutes: RouteDef[] = [];
