import { AppError } from "@/server/errors";

/**
 * Runs one tool call for a model. A tool that fails answers `{error}` to the model (which can then
 * say so or try again) instead of ending the run; an abort still ends it. Built-in, MCP and A2A
 * tools all answer this way.
 */
export async function answerToModel<T>(name: string, call: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) return { error: error.detail };
    if ((error as Error | null)?.name === "AbortError") throw error;
    console.error(`[tools] ${name} failed`, error);
    return { error: `The ${name} tool failed` };
  }
}
