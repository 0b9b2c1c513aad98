// A tiny MCP server over stdio, written with the SDK, for mcp-client.test.ts: its one tool reports
// the environment the process was started with, so the test can check that Atrium passes the
// server's credentials and nothing of its own.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "env-reporter", version: "1.0.0" });
server.registerTool(
  "environment",
  { description: "The names of the environment variables, and the value of one", inputSchema: { reveal: z.string() } },
  async ({ reveal }) => ({ content: [{ type: "text", text: JSON.stringify({ names: Object.keys(process.env).sort(), value: process.env[reveal] ?? null }) }] }),
);
server.registerTool("fail", { description: "Always fails" }, async () => ({ content: [{ type: "text", text: "it failed on purpose" }], isError: true }));
await server.connect(new StdioServerTransport());
