import { createTRPCRouter } from "@/server/trpc/init";

/** The agent gateway's registrations and deliveries for the Comms page. */
export const agentGatewayRouter = createTRPCRouter({});
