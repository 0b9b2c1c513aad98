export interface ToolCallView {
  id: string;
  name: string;
  arguments: unknown;
  result?: unknown;
  /** Still waiting for the result. */
  pending?: boolean;
}

export interface Turn {
  id: string;
  role: "user" | "assistant";
  content: string;
  tool_calls: ToolCallView[];
  usage?: { input_tokens: number; output_tokens: number };
  /** Micro-dollars (0 for the built-in model). */
  cost_micros?: number;
  status: "streaming" | "complete" | "error" | "aborted";
  error?: string;
  finish_reason?: string | null;
  /** A tool call of this reply that waits (or waited) for the owner's approval. */
  approval?: ApprovalView;
}

export interface ApprovalView {
  id: string;
  tool: string;
  description: string;
  status: "pending" | "approved" | "rejected" | "expired";
}
