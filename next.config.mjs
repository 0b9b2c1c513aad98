import { nextConfigHeaders } from "./src/server/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/schema-engine-wasm", "swagger-ui-dist"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // CSP, nosniff, Referrer-Policy, X-Frame-Options on every path (`next build` runs with
  // NODE_ENV=production; the dev server's CSP also allows eval and the HMR socket).
  async headers() {
    return nextConfigHeaders({ dev: process.env.NODE_ENV !== "production" });
  },
  async rewrites() {
    // Next.js skips dot-folders in app/; serve /.well-known/* from a normal route (used by later protocols).
    return [
      // The A2A cards (src/app/a2a/[...path]/route.ts serves them under next dev; server.ts in production).
      { source: "/.well-known/agent-card.json", destination: "/a2a/well-known/agent-card.json" },
      { source: "/.well-known/agent.json", destination: "/a2a/well-known/agent.json" },
    ];
  },
};

export default nextConfig;
