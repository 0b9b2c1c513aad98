import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: ["src/generated/**", ".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Import boundaries: the layout docs/architecture.md describes, enforced.
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      "import/no-restricted-paths": ["error", { zones: importBoundaries() }],
    },
  },
];

/**
 * Features never import the Next app; services (and tools, run executors) never import a surface's
 * machinery (server/http, tRPC); features depend one way only, so there are no cycles between them:
 * audit ← identity ← notifications ← permissions ← approvals; notifications ← social, calendar;
 * models ← agents ← chat; calendar ← agents (its tools); permissions ← social, models, calendar, agents, chat;
 * approvals ← chat (a tool call waits for a decision); chat, agents, approvals, models, permissions ← workflows
 * (its nodes run agent turns and tools, its approval node waits). audit is the floor: everything may record.
 * mcp (MCP client: servers, catalog, their tools) sits below agents, whose tool set offers MCP tools;
 * gateway (/v1), mesh (seed 001's agents/tasks/spaces), agui (AG-UI runs) and mcp-server (POST /mcp) are
 * surfaces' domains on top: they use the rest, nothing uses them.
 * The one sanctioned exception: agents' UI embeds chat's panel (components may import components).
 */
function importBoundaries() {
  const feature = (name) => `./src/features/${name}`;
  const logic = (name) => [`${feature(name)}/service`, `${feature(name)}/tools`, `${feature(name)}/runs/!(rest).ts`, `${feature(name)}/*.ts`];
  // Features added in session 5: nothing below them imports them (agents may use mcp's client tools).
  const top = ["gateway", "mesh", "agui", "mcp-server"];
  const below = {
    audit: ["identity", "notifications", "permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", "mcp", ...top],
    identity: ["notifications", "permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", "mcp", ...top],
    notifications: ["permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", "mcp", ...top],
    permissions: ["approvals", "social", "calendar", "models", "agents", "chat", "workflows", "mcp", ...top],
    approvals: ["social", "calendar", "models", "agents", "chat", "workflows", "mcp", ...top],
    social: ["calendar", "models", "agents", "chat", "workflows", "mcp", ...top],
    calendar: ["social", "models", "agents", "chat", "approvals", "workflows", "mcp", ...top],
    models: ["social", "calendar", "agents", "chat", "approvals", "workflows", "mcp", ...top],
    mcp: ["agents", "chat", "workflows", ...top],
    agents: ["social", "chat", "approvals", "workflows", ...top],
    chat: ["workflows", ...top],
    workflows: top,
    gateway: ["agents", "chat", "workflows", "mesh", "agui", "mcp-server"],
    mesh: ["workflows", "gateway", "agui", "mcp-server"],
    agui: ["workflows", "gateway", "mesh", "mcp-server"],
    "mcp-server": ["workflows", "gateway", "mesh", "agui"],
  };

  return [
    { target: "./src/features", from: "./src/app", message: "Features never import the Next app (src/app)." },
    { target: "./src/server", from: "./src/app", message: "Server code never imports the Next app (src/app)." },
    ...["audit", "identity", "notifications", "permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", "infra", "dev", "mcp", ...top].flatMap((name) => [
      { target: [`${feature(name)}/service`, `${feature(name)}/tools`, `${feature(name)}/engine`, `${feature(name)}/nodes`], from: "./src/server/http", message: "Services return data; surfaces (rest.ts, deliver.ts) speak HTTP." },
      { target: [`${feature(name)}/service`, `${feature(name)}/tools`, `${feature(name)}/engine`, `${feature(name)}/nodes`], from: "./src/server/trpc", message: "Services never depend on tRPC; routers call them." },
    ]),
    ...Object.entries(below).flatMap(([name, forbidden]) =>
      forbidden.map((other) => ({
        target: name === "agents" ? logic(name) : feature(name),
        from: feature(other),
        message: `${name} must not depend on ${other}: features depend one way (see eslint.config.mjs).`,
      })),
    ),
  ];
}

export default config;
