import "server-only";
import type { LOOP_BODY_TYPES } from "../definition";
import { agentNode } from "./agent";
import { codeNode } from "./code";
import { httpNode } from "./http";
import { llmNode } from "./llm";
import { transformNode } from "./logic";
import { toolNode } from "./tool";
import type { NodeExecutor } from "./types";

/** The executors a loop may run per item (LOOP_BODY_TYPES): data nodes, no branching, no waiting. */
export const BODY_EXECUTORS: { [T in (typeof LOOP_BODY_TYPES)[number]]: NodeExecutor<T> } = {
  llm: llmNode,
  agent: agentNode,
  tool: toolNode,
  http: httpNode,
  code: codeNode,
  transform: transformNode,
};
