import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { renderError } from "@/server/http/adapter";
import { MAX_BODY_BYTES, readLimited } from "@/server/http/body";
import { assertJsonDepth } from "@/server/http/input-guards";
import { assertSameOrigin } from "@/server/http/same-origin";
import { AppError } from "@/server/errors";
import { appRouter } from "@/server/trpc/root";
import { createTrpcContext } from "@/server/trpc/context";

export const dynamic = "force-dynamic";

/**
 * The browser's surface. Before tRPC sees a call: cookie mutations must come from our own pages
 * (CSRF), bodies are JSON only (tRPC would otherwise accept multipart forms, which any site can
 * post), at most 1 MiB read as a stream (413 as soon as it passes), and not absurdly nested.
 * Those refusals are problem+json like the REST surface's.
 */
async function handler(request: Request) {
  let forwarded = request;
  try {
    assertSameOrigin(request);
    if (request.method === "POST") forwarded = await withCheckedBody(request);
  } catch (error) {
    return renderError(error, new URL(request.url).pathname, randomUUID());
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: forwarded,
    router: appRouter,
    createContext: () => createTrpcContext(forwarded),
  });
}

async function withCheckedBody(request: Request) {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send tRPC calls as application/json");
  }
  const text = await readLimited(request, MAX_BODY_BYTES);
  assertJsonDepth(text);
  return new Request(request.url, { method: "POST", headers: request.headers, body: text, signal: request.signal });
}

export { handler as GET, handler as POST };
