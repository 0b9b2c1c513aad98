import { createTRPCRouter } from "@/server/trpc/init";

/** The Comms page: topology and recent events. */
export const commsRouter = createTRPCRouter({});
