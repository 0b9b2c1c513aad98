// The code node's sandbox thread: runs one script at a time in a fresh QuickJS runtime (memory,
// stack and time limits, no host APIs) and answers with what it returned, threw or logged. Plain
// JavaScript loaded by path (see pool.ts), so neither esbuild nor Next has to bundle it or the
// QuickJS .wasm beside it. Kept free of app imports: it only knows QuickJS and the message shape.
import { parentPort } from "node:worker_threads";
import { getQuickJS, shouldInterruptAfterDeadline } from "quickjs-emscripten";

const MAX_LOG_LINES = 100;
const MAX_LOG_LINE = 2_000;
/**
 * QuickJS's own stack limit. It must trip before the thread's: at 512 KiB deep recursion exhausted
 * V8's stack first, and a runtime left mid-call cannot be freed (WASM assertion).
 */
const STACK_BYTES = 256 * 1024;
const LEVELS = [["log", "info"], ["info", "info"], ["debug", "debug"], ["warn", "warn"], ["error", "error"]];

const QuickJS = await getQuickJS();

parentPort.on("message", (task) => parentPort.postMessage({ id: task.id, ...run(task) }));
// QuickJS is compiled: scripts may come (their time limits count from here, not from a cold start).
parentPort.postMessage({ ready: true });

/** task: {id, source, scopeJson, timeoutMs, memoryBytes, cancel: Int32Array over a SharedArrayBuffer} */
function run({ source, scopeJson, timeoutMs, memoryBytes, cancel }) {
  const logs = [];
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(STACK_BYTES);
  const pastDeadline = shouldInterruptAfterDeadline(Date.now() + timeoutMs);
  // The main thread sets cancel[0] when the step is cancelled: stop at the next interrupt check.
  runtime.setInterruptHandler((rt) => Atomics.load(cancel, 0) === 1 || pastDeadline(rt));
  const vm = runtime.newContext();
  try {
    installConsole(vm, logs);
    try {
      const scopeHandle = vm.newString(scopeJson);
      vm.setProp(vm.global, "__scope", scopeHandle);
      scopeHandle.dispose();
      const result = vm.evalCode(wrap(source), "code-node.js");
      if (result.error) {
        const failure = vm.dump(result.error);
        result.error.dispose();
        return { kind: "thrown", failure: plain(failure), cancelled: Atomics.load(cancel, 0) === 1, logs };
      }
      const json = vm.dump(result.value);
      result.value.dispose();
      return { kind: "ok", json: typeof json === "string" ? json : null, logs };
    } catch (error) {
      return { kind: "host", message: error instanceof Error ? error.message : String(error), stack: error instanceof RangeError || /call stack/i.test(String(error?.message)), logs };
    }
  } finally {
    try {
      vm.dispose();
      runtime.dispose();
    } catch (error) {
      // Only after a host-side failure: the runtime's memory is lost, the module goes on.
      logs.push({ level: "warn", message: `The sandbox could not be freed cleanly: ${String(error?.message).slice(0, 200)}` });
    }
  }
}

/**
 * The source becomes a function body, so `return` gives the output. The scope arrives as one JSON
 * string; the result leaves as one (undefined stays undefined: the output is then null).
 */
function wrap(source) {
  return `"use strict";
const { input, nodes, item, index } = JSON.parse(globalThis.__scope);
delete globalThis.__scope;
const __result = (function () {
${source}
})();
__result === undefined ? undefined : JSON.stringify(__result);`;
}

function installConsole(vm, logs) {
  const console = vm.newObject();
  for (const [name, level] of LEVELS) {
    const fn = vm.newFunction(name, (...args) => {
      if (logs.length >= MAX_LOG_LINES) return;
      const text = args.map((arg) => show(vm.dump(arg))).join(" ");
      const line = text.length > MAX_LOG_LINE ? `${text.slice(0, MAX_LOG_LINE)}…` : text;
      logs.push({ level, message: logs.length === MAX_LOG_LINES - 1 ? `${line} (further console output dropped)` : line });
    });
    vm.setProp(console, name, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, "console", console);
  console.dispose();
}

function show(value) {
  if (typeof value === "string") return value;
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A dumped QuickJS error as plain, cloneable fields. */
function plain(failure) {
  if (failure && typeof failure === "object") return { name: failure.name, message: failure.message, stack: failure.stack };
  return { message: String(failure) };
}
