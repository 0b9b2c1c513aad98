/**
 * `mcp_<server>_<tool>`: the names of MCP tools in an agent's `include_tools` (seed 000's naming).
 * Pure, so the agents' schema can accept them; whether such a tool exists is the user's own server
 * list (`describeToolsFor`).
 */
export const MCP_TOOL_NAME = /^mcp_[A-Za-z0-9][A-Za-z0-9_-]*_[A-Za-z0-9_-]+$/;
/** Providers take function names of at most 64 characters (mcp's own listing leaves longer ones out). */
export const isMcpToolName = (name: string) => name.length <= 64 && MCP_TOOL_NAME.test(name);
/** How many MCP tools one agent may list, on top of the built-in ones. */
export const MAX_MCP_TOOLS_PER_AGENT = 64;
