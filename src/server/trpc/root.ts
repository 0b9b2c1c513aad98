import { agentsRouter } from "@/features/agents/router";
import { auditRouter } from "@/features/audit/router";
import { approvalsRouter } from "@/features/approvals/router";
import { calendarRouter, inboxRouter } from "@/features/calendar/router";
import { chatRouter } from "@/features/chat/router";
import { identityRouter } from "@/features/identity/router";
import { modelsRouter } from "@/features/models/router";
import { notificationsRouter } from "@/features/notifications/router";
import { permissionsRouter } from "@/features/permissions/router";
import { socialRouter } from "@/features/social/router";
import { workflowsRouter } from "@/features/workflows/router";
import { gatewayRouter } from "@/features/gateway/router";
import { meshRouter } from "@/features/mesh/router";
import { mcpRouter } from "@/features/mcp/router";
import { a2aRouter } from "@/features/a2a/router";
import { agentGatewayRouter } from "@/features/agent-gateway/router";
import { commsRouter } from "@/features/comms/router";
import { networkRouter } from "@/features/network/router";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  identity: identityRouter,
  social: socialRouter,
  calendar: calendarRouter,
  inbox: inboxRouter,
  notifications: notificationsRouter,
  models: modelsRouter,
  agents: agentsRouter,
  chat: chatRouter,
  audit: auditRouter,
  permissions: permissionsRouter,
  approvals: approvalsRouter,
  workflows: workflowsRouter,
  gateway: gatewayRouter,
  mesh: meshRouter,
  mcp: mcpRouter,
  a2a: a2aRouter,
  agentGateway: agentGatewayRouter,
  comms: commsRouter,
  network: networkRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
