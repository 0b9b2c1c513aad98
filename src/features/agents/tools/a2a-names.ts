/**
 * `a2a_<slug>`: the names of outside A2A agents in an agent's `include_tools` (like MCP's
 * `mcp_<server>_<tool>`). Pure, so the agents' schema can accept them; whether such an agent exists
 * is the user's own list (`describeToolsFor`).
 */
export const A2A_TOOL_NAME = /^a2a_[a-z0-9][a-z0-9_]*$/;
export const isA2aToolName = (name: string) => name.length <= 64 && A2A_TOOL_NAME.test(name);
/** How many A2A agents one agent may list, on top of the built-in and MCP tools. */
export const MAX_A2A_TOOLS_PER_AGENT = 16;
