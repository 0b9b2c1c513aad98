import "server-only";
import { runInSandbox, type SandboxResult } from "./sandbox/pool";
import { NodeError, type NodeExecutor } from "./types";

/**
 * The code node: the user's JavaScript in a QuickJS (WebAssembly) sandbox on a worker thread
 * (sandbox/): a fresh runtime per run with its own memory and stack limits and an interrupt
 * deadline, so a script can neither reach the host (no require, process, fetch or file system:
 * QuickJS has none of them) nor keep anything busy past its time limit, and the server's event loop
 * never waits on it. Data crosses the boundary only as JSON.
 */

const MAX_OUTPUT_CHARS = 1024 * 1024;
const MAX_SCOPE_CHARS = 8 * 1024 * 1024;

export const codeNode: NodeExecutor<"code"> = async (config, ctx) => {
  const scope = { input: ctx.scope.input ?? null, nodes: ctx.scope.nodes, item: ctx.scope.item ?? null, index: ctx.scope.index ?? null };
  const scopeJson = JSON.stringify(scope);
  if (scopeJson.length > MAX_SCOPE_CHARS) throw new NodeError("The data this code node would see is larger than 8 MB as JSON", false);
  const result = await runInSandbox({ source: config.source, scopeJson, timeoutMs: config.timeout_ms, memoryBytes: config.memory_mb * 1024 * 1024 }, ctx.signal);
  for (const line of result.logs) ctx.log(line.level, line.message);
  return outputOf(result, config.timeout_ms, config.memory_mb);
};

function outputOf(result: SandboxResult, timeoutMs: number, memoryMb: number) {
  switch (result.kind) {
    case "ok": {
      if (result.json === null) return { output: null };
      if (result.json.length > MAX_OUTPUT_CHARS) throw new NodeError(`The code's result is larger than ${MAX_OUTPUT_CHARS} characters as JSON`, false);
      return { output: JSON.parse(result.json) as unknown };
    }
    case "thrown":
      throw failureOf(result.failure, timeoutMs, memoryMb, result.cancelled);
    case "host":
      throw result.stack ? new NodeError("The code recursed too deeply (stack overflow)", false) : new NodeError(`The code sandbox failed: ${result.message.slice(0, 300)}`, false);
    case "lost":
      throw new NodeError(result.message, false);
  }
}

function failureOf(error: { name?: string; message?: string; stack?: string }, timeoutMs: number, memoryMb: number, cancelled: boolean): Error {
  const message = error.message ?? "";
  if (/interrupted/i.test(message)) {
    if (cancelled) return Object.assign(new Error("The code node was cancelled"), { name: "AbortError" });
    return new NodeError(`The code stopped after ${timeoutMs} ms (an endless loop, or too much work for the time limit)`, false);
  }
  if (/out of memory/i.test(message)) return new NodeError(`The code ran out of memory (limit ${memoryMb} MB)`, false);
  if (/stack overflow/i.test(message)) return new NodeError("The code recursed too deeply (stack overflow)", false);
  const line = /code-node\.js:(\d+)/.exec(error.stack ?? "");
  // The wrapper adds four lines before the user's first line.
  const where = line ? ` (line ${Math.max(1, Number(line[1]) - 4)})` : "";
  return new NodeError(`${error.name ?? "Error"}: ${message}${where}`, false);
}
