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
 * a2a (A2A client: outside agents discovered by URL) sits there too (its agents are agent tools);
 * agent-gateway (seed 002's webhook-pushed agents) and network (peers, paired devices) are links to the
 * outside that only comms (topology, send, dispatch) uses;
 * gateway (/v1), mesh (seed 001's agents/tasks/spaces), agui (AG-UI runs), mcp-server (POST /mcp),
 * a2a-server (A2A protocol and seed 000's /a2a) and comms are surfaces' domains on top: they use the
 * rest, nothing uses them.
 * The one sanctioned exception: agents' UI embeds chat's panel (components may import components).
 */
function importBoundaries() {
  const feature = (name) => `./src/features/${name}`;
  const logic = (name) => [`${feature(name)}/service`, `${feature(name)}/tools`, `${feature(name)}/runs/!(rest).ts`, `${feature(name)}/*.ts`];
  // Features added in sessions 5 and 6: nothing below them imports them (agents may use mcp's and a2a's client tools).
  const top = ["gateway", "mesh", "agui", "mcp-server", "a2a-server", "comms"];
  // Links to the outside that comms draws and sends through; only the top uses them.
  const links = ["agent-gateway", "network"];
  const clients = ["mcp", "a2a"];
  const upper = [...clients, ...links, ...top];
  const otherTop = (name) => top.filter((t) => t !== name);
  const below = {
    audit: ["identity", "notifications", "permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", ...upper],
    identity: ["notifications", "permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", ...upper],
    notifications: ["permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", ...upper],
    permissions: ["approvals", "social", "calendar", "models", "agents", "chat", "workflows", ...upper],
    approvals: ["social", "calendar", "models", "agents", "chat", "workflows", ...upper],
    social: ["calendar", "models", "agents", "chat", "workflows", ...upper],
    calendar: ["social", "models", "agents", "chat", "approvals", "workflows", ...upper],
    models: ["social", "calendar", "agents", "chat", "approvals", "workflows", ...upper],
    mcp: ["agents", "chat", "workflows", "a2a", ...links, ...top],
    a2a: ["agents", "chat", "workflows", "mcp", ...links, ...top],
    agents: ["social", "chat", "approvals", "workflows", ...links, ...top],
    chat: ["workflows", ...links, ...top],
    workflows: [...links, ...top],
    "agent-gateway": ["network", ...top],
    network: ["agent-gateway", ...top],
    gateway: ["agents", "chat", "workflows", ...otherTop("gateway")],
    mesh: ["workflows", ...otherTop("mesh")],
    agui: ["workflows", ...otherTop("agui")],
    "mcp-server": ["workflows", ...otherTop("mcp-server")],
    "a2a-server": otherTop("a2a-server"),
    comms: otherTop("comms"),
  };

  return [
    { target: "./src/features", from: "./src/app", message: "Features never import the Next app (src/app)." },
    { target: "./src/server", from: "./src/app", message: "Server code never imports the Next app (src/app)." },
    ...["audit", "identity", "notifications", "permissions", "approvals", "social", "calendar", "models", "agents", "chat", "workflows", "infra", "dev", ...upper].flatMap((name) => [
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
