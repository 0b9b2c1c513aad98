import "server-only";
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";
import { NodeError, type NodeExecutor } from "./types";

/**
 * The code node: the user's JavaScript in a QuickJS (WebAssembly) sandbox. A fresh runtime per run
 * with its own memory and stack limits and an interrupt deadline, so a script can neither reach
 * the host (no require, process, fetch or file system: QuickJS has none of them) nor keep the
 * worker busy past its time limit. Data crosses the boundary only as JSON.
 *
 * The evaluation itself is synchronous: QuickJS runs on this thread until the script returns or
 * the interrupt handler stops it, so the event loop waits at most `timeout_ms` (≤ 5 s).
 */

const MAX_OUTPUT_CHARS = 1024 * 1024;
const MAX_LOG_LINES = 100;
const MAX_LOG_LINE = 2_000;
/**
 * QuickJS's own stack limit. It must trip before the host's: at 512 KiB deep recursion exhausted
 * V8's stack first, and a runtime left mid-call cannot be freed (WASM assertion).
 */
const STACK_BYTES = 256 * 1024;

type QuickJSPackage = typeof import("quickjs-emscripten");
let loading: Promise<QuickJSPackage> | undefined;
/**
 * Loaded at run time by Node, never bundled: the package finds its .wasm file next to its own
 * module, which a Next.js server bundle would move away from it. Loaded on the first code node.
 */
const quickjsPackage = () =>
  (loading ??= (import(/* webpackIgnore: true */ "quickjs-emscripten") as Promise<QuickJSPackage>).catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));

export const codeNode: NodeExecutor<"code"> = async (config, ctx) => {
  const { getQuickJS, shouldInterruptAfterDeadline } = await quickjsPackage();
  // The WASM module is compiled once per process (getQuickJS memoises it).
  const QuickJS = await getQuickJS();
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(config.memory_mb * 1024 * 1024);
  runtime.setMaxStackSize(STACK_BYTES);
  const deadline = Date.now() + config.timeout_ms;
  const pastDeadline = shouldInterruptAfterDeadline(deadline);
  runtime.setInterruptHandler((rt) => ctx.signal.aborted || pastDeadline(rt));
  const vm = runtime.newContext();
  let lines = 0;
  try {
    installConsole(vm, (level, message) => {
      if (++lines > MAX_LOG_LINES) return;
      ctx.log(level, lines === MAX_LOG_LINES ? `${message} (further console output dropped)` : message);
    });
    const scope = { input: ctx.scope.input ?? null, nodes: ctx.scope.nodes, item: ctx.scope.item ?? null, index: ctx.scope.index ?? null };
    try {
      const scopeHandle = vm.newString(JSON.stringify(scope));
      vm.setProp(vm.global, "__scope", scopeHandle);
      scopeHandle.dispose();
    } catch (error) {
      throw hostFailure(error);
    }

    let result;
    try {
      result = vm.evalCode(wrap(config.source), "code-node.js");
    } catch (error) {
      throw hostFailure(error);
    }
    if (result.error) {
      const failure = vm.dump(result.error) as unknown;
      result.error.dispose();
      throw failureOf(failure, config.timeout_ms, config.memory_mb, ctx.signal.aborted);
    }
    const json = vm.dump(result.value) as unknown;
    result.value.dispose();
    if (typeof json !== "string") return { output: null };
    if (json.length > MAX_OUTPUT_CHARS) throw new NodeError(`The code's result is larger than ${MAX_OUTPUT_CHARS} characters as JSON`, false);
    return { output: JSON.parse(json) as unknown };
  } finally {
    try {
      vm.dispose();
      runtime.dispose();
    } catch (error) {
      // Only after a host-side failure (above): the runtime's memory is lost, the module goes on.
      ctx.log("warn", `The sandbox could not be freed cleanly: ${(error as Error).message.slice(0, 200)}`);
    }
  }
};

/** The sandbox itself failed on the host side (the host stack, a WASM abort): never a crash of the worker. */
function hostFailure(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError || /call stack/i.test(message)) return new NodeError("The code recursed too deeply (stack overflow)", false);
  return new NodeError(`The code sandbox failed: ${message.slice(0, 300)}`, false);
}

/**
 * The source becomes a function body, so `return` gives the output. The scope arrives as one JSON
 * string; the result leaves as one (undefined stays undefined: the output is then null).
 */
function wrap(source: string) {
  return `"use strict";
const { input, nodes, item, index } = JSON.parse(globalThis.__scope);
delete globalThis.__scope;
const __result = (function () {
${source}
})();
__result === undefined ? undefined : JSON.stringify(__result);`;
}

type Level = "debug" | "info" | "warn" | "error";

function installConsole(vm: QuickJSContext, write: (level: Level, message: string) => void) {
  const console = vm.newObject();
  const levels: [string, Level][] = [
    ["log", "info"],
    ["info", "info"],
    ["debug", "debug"],
    ["warn", "warn"],
    ["error", "error"],
  ];
  for (const [name, level] of levels) {
    const fn = vm.newFunction(name, (...args: QuickJSHandle[]) => {
      const text = args.map((arg) => show(vm.dump(arg))).join(" ");
      write(level, text.length > MAX_LOG_LINE ? `${text.slice(0, MAX_LOG_LINE)}…` : text);
    });
    vm.setProp(console, name, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, "console", console);
  console.dispose();
}

function show(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function failureOf(failure: unknown, timeoutMs: number, memoryMb: number, aborted: boolean): Error {
  const error = (failure ?? {}) as { name?: string; message?: string; stack?: string };
  const message = typeof failure === "string" ? failure : (error.message ?? JSON.stringify(failure));
  if (/interrupted/i.test(message) || error.name === "InternalError" && /interrupted/i.test(message)) {
    if (aborted) return Object.assign(new Error("The code node was cancelled"), { name: "AbortError" });
    return new NodeError(`The code stopped after ${timeoutMs} ms (an endless loop, or too much work for the time limit)`, false);
  }
  if (/out of memory/i.test(message)) return new NodeError(`The code ran out of memory (limit ${memoryMb} MB)`, false);
  if (/stack overflow/i.test(message)) return new NodeError("The code recursed too deeply (stack overflow)", false);
  const line = /code-node\.js:(\d+)/.exec(error.stack ?? "");
  // The wrapper adds three lines before the user's first line.
  const where = line ? ` (line ${Math.max(1, Number(line[1]) - 4)})` : "";
  return new NodeError(`${error.name ?? "Error"}: ${message}${where}`, false);
}
