import type { z } from "zod";
import type { Db } from "@/server/db/client";

/** Who a tool acts for: tools only ever see the caller's own data. */
export interface ToolContext {
  db: Db;
  userId: string;
}

export interface BuiltinTool<S extends z.ZodType = z.ZodType> {
  name: string;
  /** Shown to the model and in the tools picker. */
  description: string;
  /** Validated before `execute` runs; its JSON Schema is what the model sees. */
  inputSchema: S;
  execute(ctx: ToolContext, input: z.output<S>, signal?: AbortSignal): Promise<unknown>;
}

/** Keeps each tool's input type tied to its schema. */
export const defineTool = <S extends z.ZodType>(tool: BuiltinTool<S>): BuiltinTool => tool as unknown as BuiltinTool;
