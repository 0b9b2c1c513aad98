import { openApiDocument } from "@/server/http/openapi";
import { apiV1 } from "@/server/http/surfaces/api-v1";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument([apiV1]));
}
