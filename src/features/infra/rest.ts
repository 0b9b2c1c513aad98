import "server-only";
import { route } from "@/server/http/route-table";
import { infraHealth as infraHealthSchema, simpleHealth } from "./schemas";
import { infraHealth } from "./service";

export const infraRoutes = [
  route({
    method: "GET", path: "/health", auth: "public", tags: ["Infra"],
    summary: "Liveness: the server answers",
    description: "Successful probes are logged at debug, not info (load balancers call this every few seconds).",
    status: 200, response: simpleHealth, logLevel: "debug",
    handler: async () => ({ status: "ok" as const }),
  }),
  route({
    method: "GET", path: "/infra/health", auth: "public", tags: ["Infra"],
    summary: "Database and Redis reachability with measured latency (2 s timeout each)",
    status: 200, response: infraHealthSchema,
    handler: ({ db }) => infraHealth(db),
  }),
];
