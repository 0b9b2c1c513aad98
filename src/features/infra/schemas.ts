import { z } from "zod";

export const simpleHealth = z.object({ status: z.literal("ok") });
export const serviceHealth = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  latency_ms: z.number(),
  error: z.string().optional(),
});
export const infraHealth = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  services: z.record(z.string(), serviceHealth),
});
