import { openApiResponse } from "@/server/http/surfaces/openapi-document";

export const dynamic = "force-dynamic";

/** Built once per process (surfaces/openapi-document.ts); server.ts's fast path serves the same. */
export function GET() {
  return openApiResponse();
}
