import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAbsoluteFSPath } from "swagger-ui-dist";

/**
 * Interactive API docs: Swagger UI, served from the swagger-ui-dist package (no CDN, so it works
 * offline), reading /api/openapi.json. No inline script: its set-up is the served init.js, so the
 * site-wide Content-Security-Policy (src/server/http/security-headers.mjs) covers this page too.
 */
export const dynamic = "force-dynamic";

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Atrium API reference</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  <style>body{margin:0;background:#fafafa} .topbar{display:none}</style>
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

const init = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  // No badge image from validator.swagger.io: it would send the spec's address to a third party.
  validatorUrl: null,
});`;

export async function GET(_request: Request, { params }: { params: Promise<{ asset?: string[] }> }) {
  const asset = (await params).asset?.join("/");
  if (!asset) return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
  if (asset === "init.js") return new Response(init, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  const type = ASSETS[asset];
  if (!type) return new Response("Not found", { status: 404 });
  const body = await readFile(path.join(getAbsoluteFSPath(), asset));
  return new Response(body, { headers: { "content-type": type, "cache-control": "public, max-age=86400" } });
}
