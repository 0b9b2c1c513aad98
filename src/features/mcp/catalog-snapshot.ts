/**
 * The MCP catalog Atrium ships: a read-only snapshot of well-known servers (the reference servers of
 * github.com/modelcontextprotocol/servers and a few vendors'), with what each needs to run. Installed
 * with `POST /api/mcp/servers {"template_id", "credentials", "args"}`. `credentials` become the child
 * process's environment (stdio) or request headers (http); `${NAME}` in `args` is replaced by that
 * credential when the server starts, so a secret can reach a server that only takes arguments.
 * MCP_CATALOG_PATH may point at a JSON file of more entries (same shape), read again by /api/mcp/reload.
 */
export interface CatalogCredential {
  key: string;
  label: string;
  description: string;
  required: boolean;
}

export interface CatalogEntry {
  id: string;
  name: string;
  description: string;
  category: string;
  homepage: string;
  transport: "stdio" | "http";
  command?: string;
  args?: string[];
  url?: string;
  credentials: CatalogCredential[];
  /** What the installer appends to `args` (a folder, a repository path); null when nothing. */
  extra_args: { label: string; description: string; required: boolean } | null;
}

const REFERENCE = "https://github.com/modelcontextprotocol/servers";

export const CATALOG_SNAPSHOT: readonly CatalogEntry[] = [
  {
    id: "filesystem", name: "Filesystem", category: "files", homepage: `${REFERENCE}/tree/main/src/filesystem`,
    description: "Read, write, search and list files inside the folders you allow.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem"], credentials: [],
    extra_args: { label: "Allowed folders", description: "One or more absolute folder paths on Atrium's host the server may touch", required: true },
  },
  {
    id: "github", name: "GitHub", category: "development", homepage: "https://github.com/github/github-mcp-server",
    description: "Repositories, issues, pull requests and code search on GitHub.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-github"],
    credentials: [{ key: "GITHUB_PERSONAL_ACCESS_TOKEN", label: "Personal access token", description: "A GitHub token with the scopes the tools need (repo, read:org)", required: true }],
    extra_args: null,
  },
  {
    id: "fetch", name: "Fetch", category: "web", homepage: `${REFERENCE}/tree/main/src/fetch`,
    description: "Fetch a web page and convert it to markdown for the model.",
    transport: "stdio", command: "uvx", args: ["mcp-server-fetch"], credentials: [], extra_args: null,
  },
  {
    id: "git", name: "Git", category: "development", homepage: `${REFERENCE}/tree/main/src/git`,
    description: "Read, search and change a local Git repository: log, diff, status, commit, branches.",
    transport: "stdio", command: "uvx", args: ["mcp-server-git", "--repository"], credentials: [],
    extra_args: { label: "Repository path", description: "The absolute path of the repository on Atrium's host", required: true },
  },
  {
    id: "memory", name: "Memory", category: "knowledge", homepage: `${REFERENCE}/tree/main/src/memory`,
    description: "A persistent knowledge graph of entities, relations and observations.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"], credentials: [], extra_args: null,
  },
  {
    id: "postgres", name: "PostgreSQL", category: "data", homepage: "https://github.com/modelcontextprotocol/servers-archived/tree/main/src/postgres",
    description: "Read-only SQL queries and schema inspection of a PostgreSQL database.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-postgres", "${POSTGRES_URL}"],
    credentials: [{ key: "POSTGRES_URL", label: "Connection URL", description: "postgresql://user:password@host:5432/database (use a read-only role)", required: true }],
    extra_args: null,
  },
  {
    id: "slack", name: "Slack", category: "communication", homepage: "https://github.com/modelcontextprotocol/servers-archived/tree/main/src/slack",
    description: "List channels, read history, post messages and reactions in a Slack workspace.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-slack"],
    credentials: [
      { key: "SLACK_BOT_TOKEN", label: "Bot token", description: "xoxb-… token of a Slack app installed in the workspace", required: true },
      { key: "SLACK_TEAM_ID", label: "Team id", description: "The workspace id (T…)", required: true },
    ],
    extra_args: null,
  },
  {
    id: "brave-search", name: "Brave Search", category: "web", homepage: "https://github.com/brave/brave-search-mcp-server",
    description: "Web and local search through the Brave Search API.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-brave-search"],
    credentials: [{ key: "BRAVE_API_KEY", label: "API key", description: "A Brave Search API key", required: true }],
    extra_args: null,
  },
  {
    id: "sequential-thinking", name: "Sequential Thinking", category: "reasoning", homepage: `${REFERENCE}/tree/main/src/sequentialthinking`,
    description: "Structured step-by-step thinking with revisions and branches.",
    transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-sequential-thinking"], credentials: [], extra_args: null,
  },
  {
    id: "time", name: "Time", category: "utilities", homepage: `${REFERENCE}/tree/main/src/time`,
    description: "Current time and conversions between time zones.",
    transport: "stdio", command: "uvx", args: ["mcp-server-time"], credentials: [], extra_args: null,
  },
  {
    id: "atrium", name: "Another Atrium", category: "agents", homepage: "https://github.com/atrium/atrium",
    description: "Another Atrium instance's tools and deployed agents, over Streamable HTTP (its /mcp).",
    transport: "http", url: "https://atrium.example.com/mcp",
    credentials: [{ key: "Authorization", label: "Authorization header", description: "Bearer atr_… (an API key of that instance)", required: true }],
    extra_args: null,
  },
];
