import { createTRPCRouter } from "@/server/trpc/init";

/** The Network page: peers and paired devices. */
export const networkRouter = createTRPCRouter({});
