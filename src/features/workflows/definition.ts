import { z } from "zod";

/**
 * A workflow's graph: the one shape the editor saves, the API accepts, export/import carries and the
 * engine runs. Nodes are typed; each type's config is validated by its zod schema below (the editor's
 * inspector forms use the same schemas, so a field the engine refuses is red before a run).
 *
 * Expressions: a template string interpolates `{{ <expr> }}`; a bare expression field (condition,
 * switch, loop items, transform) is one `<expr>`. `<expr>` is JSONata evaluated against the run's
 * scope `{ input, nodes: { <nodeId>: { output } }, item, index }` (`item`/`index` inside a loop), so
 * `{{ nodes.fetch.output.body.title }}` is the `title` of node `fetch`'s response body.
 */

export const DEFINITION_FORMAT = "atrium.workflow/v1";
export const MAX_NODES = 200;
export const MAX_EDGES = 400;
const MAX_TEXT = 20_000;
const MAX_EXPRESSION = 2_000;

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64")
  .describe("Unique within the workflow; later nodes refer to its output as nodes.<id>.output");

const template = (max = MAX_TEXT) => z.string().max(max).describe("Text with {{ expression }} placeholders");
const expression = z.string().min(1).max(MAX_EXPRESSION).describe("A JSONata expression over {input, nodes, item, index}");
const templateMap = z.record(z.string().max(100), template(MAX_TEXT)).refine((m) => Object.keys(m).length <= 50, "at most 50 entries");

const inputField = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "a name like ticket_id"),
  type: z.enum(["string", "number", "boolean", "object", "array"]),
  required: z.boolean().default(false),
  description: z.string().max(500).default(""),
});

/** Nodes a loop may run per item: the ones that work on data (no control flow, no waiting). */
export const LOOP_BODY_TYPES = ["llm", "agent", "tool", "http", "code", "transform"] as const;

export const nodeConfigs = {
  start: z.object({
    /** The run's input; fields marked required are checked before the run is queued. */
    input_schema: z.array(inputField).max(50).default([]),
  }),
  end: z.object({
    /** The run's output: each key a template. Empty: the outputs of the nodes that led here. */
    output: templateMap.default({}),
  }),
  llm: z.object({
    /** A model config of the owner; null: the built-in offline model (no key needed). */
    model_config_id: z.uuid().nullable().default(null),
    system: template().default(""),
    prompt: template().min(1, "Write a prompt"),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).max(32_000).optional(),
    /** Parse the answer as JSON (the output is then the parsed value). */
    json: z.boolean().default(false),
  }),
  agent: z.object({
    agent_id: z.uuid("Choose an agent"),
    message: template().min(1, "Write the message for the agent"),
  }),
  tool: z.object({
    /** A built-in tool's name (agents/tools), or the run owner's MCP tool (`mcp_<server>_<tool>`) or outside A2A agent (`a2a_<agent>`). */
    tool: z.string().min(1, "Choose a tool").max(100),
    /** The tool's input, each value a template (rendered, then JSON-parsed when it looks like JSON). */
    input: templateMap.default({}),
  }),
  http: z.object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
    url: template(2_000).min(1, "Enter a URL"),
    headers: templateMap.default({}),
    body: template().optional(),
    timeout_ms: z.number().int().min(100).max(30_000).default(10_000),
  }),
  code: z.object({
    /** JavaScript run in a QuickJS sandbox: `input` and `nodes` are globals; the value of the last `return` is the output. */
    source: z.string().min(1, "Write some code").max(MAX_TEXT),
    timeout_ms: z.number().int().min(10).max(5_000).default(1_000),
    memory_mb: z.number().int().min(1).max(64).default(16),
  }),
  condition: z.object({
    /** True/false picks the `true` or `false` outgoing handle. */
    expression,
  }),
  switch: z.object({
    expression,
    /** The first case equal to the expression's value picks its handle `case-<i>`; none: `default`. */
    cases: z.array(z.object({ value: z.string().max(200), label: z.string().max(100).default("") })).min(1, "Add a case").max(20),
  }),
  loop: z.object({
    /** An expression giving the list to loop over (at most 1,000 items). */
    items: expression,
    /** What runs once per item, with `item` and `index` in scope. The output is the list of results. */
    body: z.object({ type: z.enum(LOOP_BODY_TYPES), config: z.record(z.string(), z.unknown()) }),
    concurrency: z.number().int().min(1).max(10).default(1),
  }),
  parallel: z.object({}).describe("Runs every outgoing branch at once"),
  merge: z.object({}).describe("Waits for every incoming branch that ran; output: {<nodeId>: output}"),
  approval: z.object({
    title: z.string().min(1, "Give the approval a title").max(200),
    description: template(2_000).default(""),
    timeout_minutes: z.number().int().min(1).max(43_200).default(1_440),
  }),
  transform: z.object({ expression }),
  delay: z.object({ seconds: z.number().min(0).max(86_400) }),
  subworkflow: z.object({
    workflow_id: z.uuid("Choose a workflow"),
    input: templateMap.default({}),
  }),
  webhook_trigger: z.object({}).describe("Entry for runs started by the workflow's webhook URL; the request body is the input"),
  schedule_trigger: z.object({
    cron: z.string().min(9, "A cron like 0 9 * * 1-5").max(100),
    timezone: z.string().max(64).default("UTC"),
  }),
} as const;

export type NodeType = keyof typeof nodeConfigs;
export const NODE_TYPES = Object.keys(nodeConfigs) as NodeType[];
export type NodeConfig<T extends NodeType> = z.output<(typeof nodeConfigs)[T]>;

export interface NodeTypeInfo {
  type: NodeType;
  label: string;
  category: "trigger" | "ai" | "action" | "logic" | "flow" | "human";
  description: string;
  /** Where a run begins; takes no incoming edge. */
  entry: boolean;
  /** Outgoing handles; `dynamic` for switch (one per case, plus `default`). */
  outputs: readonly string[] | "dynamic";
}

export const NODE_CATALOG: Record<NodeType, NodeTypeInfo> = {
  start: { type: "start", label: "Start", category: "trigger", description: "Manual runs begin here with the run's input", entry: true, outputs: ["out"] },
  webhook_trigger: { type: "webhook_trigger", label: "Webhook", category: "trigger", description: "Runs when the workflow's webhook URL is called", entry: true, outputs: ["out"] },
  schedule_trigger: { type: "schedule_trigger", label: "Schedule", category: "trigger", description: "Runs on a cron schedule in a time zone", entry: true, outputs: ["out"] },
  end: { type: "end", label: "End", category: "flow", description: "The run's output", entry: false, outputs: [] },
  llm: { type: "llm", label: "LLM", category: "ai", description: "Asks a model with a prompt template", entry: false, outputs: ["out"] },
  agent: { type: "agent", label: "Agent", category: "ai", description: "Runs one of your Atrium agents", entry: false, outputs: ["out"] },
  tool: { type: "tool", label: "Tool", category: "action", description: "Calls a built-in tool, an MCP tool or an outside A2A agent", entry: false, outputs: ["out"] },
  http: { type: "http", label: "HTTP request", category: "action", description: "Calls a URL (public addresses only)", entry: false, outputs: ["out"] },
  code: { type: "code", label: "Code", category: "action", description: "Runs JavaScript in a sandbox", entry: false, outputs: ["out"] },
  transform: { type: "transform", label: "Transform", category: "action", description: "Reshapes data with a JSONata expression", entry: false, outputs: ["out"] },
  condition: { type: "condition", label: "If / else", category: "logic", description: "Takes the true or the false branch", entry: false, outputs: ["true", "false"] },
  switch: { type: "switch", label: "Switch", category: "logic", description: "Takes the branch of the matching case", entry: false, outputs: "dynamic" },
  loop: { type: "loop", label: "Loop", category: "logic", description: "Runs a step for each item of a list", entry: false, outputs: ["out"] },
  parallel: { type: "parallel", label: "Parallel", category: "flow", description: "Runs its branches at the same time", entry: false, outputs: ["out"] },
  merge: { type: "merge", label: "Merge", category: "flow", description: "Waits for its branches and combines them", entry: false, outputs: ["out"] },
  delay: { type: "delay", label: "Delay", category: "flow", description: "Waits before going on", entry: false, outputs: ["out"] },
  subworkflow: { type: "subworkflow", label: "Sub-workflow", category: "flow", description: "Runs another workflow and uses its output", entry: false, outputs: ["out"] },
  approval: { type: "approval", label: "Approval", category: "human", description: "Pauses until a person approves", entry: false, outputs: ["approved", "rejected"] },
};

/** The handles a node offers, given its config (switch: one per case). */
export function outputHandles(node: Pick<WorkflowNode, "type" | "config">): string[] {
  const outputs = NODE_CATALOG[node.type].outputs;
  if (outputs !== "dynamic") return [...outputs];
  const cases = Array.isArray((node.config as { cases?: unknown[] }).cases) ? (node.config as { cases: unknown[] }).cases : [];
  return [...cases.map((_, i) => `case-${i}`), "default"];
}

export const workflowNode = z.object({
  id: nodeIdSchema,
  type: z.enum(NODE_TYPES as [NodeType, ...NodeType[]]),
  /** Shown on the canvas; defaults to the type's label. */
  name: z.string().max(100).default(""),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).default({ x: 0, y: 0 }),
  /** Checked against the type's schema by validateDefinition (kept loose here so a draft can be saved). */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Retries after a failure (with backoff) and a time limit per attempt. */
  retries: z.number().int().min(0).max(5).default(0),
  timeout_ms: z.number().int().min(100).max(600_000).optional(),
});

export const workflowEdge = z.object({
  id: z.string().min(1).max(100),
  source: nodeIdSchema,
  target: nodeIdSchema,
  /** The source's outgoing handle (`out`, `true`/`false`, `case-<i>`, `default`, `approved`/`rejected`). */
  source_handle: z.string().max(50).default("out"),
});

export const workflowDefinition = z.object({
  nodes: z.array(workflowNode).max(MAX_NODES),
  edges: z.array(workflowEdge).max(MAX_EDGES),
});

export type WorkflowNode = z.output<typeof workflowNode>;
export type WorkflowEdge = z.output<typeof workflowEdge>;
export type WorkflowDefinition = z.output<typeof workflowDefinition>;

export interface DefinitionIssue {
  /** A node's id when the problem is on a node (the editor marks it), else null. */
  node_id: string | null;
  /** The config field, e.g. `prompt`, when the problem is a field. */
  field: string | null;
  message: string;
}
