import { apiV1 } from "@/server/http/surfaces/api-v1";
import { nextHandlers } from "@/server/http/surfaces/next-handlers";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD } = nextHandlers(apiV1);
