import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4FunctionTool,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";

/**
 * Atrium's built-in offline model: no AI, no network, no key. It answers deterministically so demos
 * work on a fresh install and tests can assert exact outputs, and it speaks the AI SDK's language
 * model interface (v4) like any real provider: it streams word by word, reports usage (one token per
 * word) and calls tools.
 *
 * What it does with the conversation:
 * - the last user message says `call tool <name> with {json}` (or `/tool <name> {json}`) and that
 *   tool is offered: it calls the tool with those arguments;
 * - the last message is a tool result: it answers `Tool <name> returned: <json>`;
 * - otherwise it echoes: `You said: <the message, shortened>`.
 */
export const BUILTIN_MODEL_ID = "atrium-echo-1";
export const BUILTIN_PROVIDER = "builtin";
export const BUILTIN_LABEL = "Built-in offline model (no AI): deterministic, for demos and tests";

const ECHO_WORDS = 40;
const RESULT_CHARS = 400;

export interface BuiltinModelOptions {
  /** Pause between streamed words, so a UI shows tokens arriving. Default 8 ms; 0 for none. */
  wordDelayMs?: number;
}

type Plan =
  | { kind: "text"; text: string }
  | { kind: "tool-call"; toolName: string; input: string };

let callCounter = 0;

export class BuiltinModel implements LanguageModelV4 {
  readonly specificationVersion = "v4" as const;
  readonly provider = BUILTIN_PROVIDER;
  readonly modelId = BUILTIN_MODEL_ID;
  readonly supportedUrls = {};
  private readonly wordDelayMs: number;

  constructor(options: BuiltinModelOptions = {}) {
    this.wordDelayMs = options.wordDelayMs ?? 8;
  }

  async doGenerate(options: LanguageModelV4CallOptions) {
    options.abortSignal?.throwIfAborted();
    const plan = planAnswer(options.prompt, functionTools(options));
    const content: LanguageModelV4Content[] =
      plan.kind === "text"
        ? [{ type: "text", text: limitWords(plan.text, options.maxOutputTokens) }]
        : [{ type: "tool-call", toolCallId: nextCallId(), toolName: plan.toolName, input: plan.input }];
    return {
      content,
      finishReason: finishReasonOf(plan, options.maxOutputTokens),
      usage: usageOf(options.prompt, plan, options.maxOutputTokens),
      warnings: [],
      response: { id: `builtin-${Date.now()}`, modelId: BUILTIN_MODEL_ID, timestamp: new Date() },
    };
  }

  async doStream(options: LanguageModelV4CallOptions) {
    options.abortSignal?.throwIfAborted();
    const plan = planAnswer(options.prompt, functionTools(options));
    const usage = usageOf(options.prompt, plan, options.maxOutputTokens);
    const finishReason = finishReasonOf(plan, options.maxOutputTokens);
    const delay = this.wordDelayMs;
    const signal = options.abortSignal;
    const parts: LanguageModelV4StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", id: `builtin-${Date.now()}`, modelId: BUILTIN_MODEL_ID, timestamp: new Date() },
    ];
    if (plan.kind === "text") {
      parts.push({ type: "text-start", id: "0" });
      for (const delta of wordDeltas(limitWords(plan.text, options.maxOutputTokens))) parts.push({ type: "text-delta", id: "0", delta });
      parts.push({ type: "text-end", id: "0" });
    } else {
      const id = nextCallId();
      parts.push({ type: "tool-input-start", id, toolName: plan.toolName });
      parts.push({ type: "tool-input-delta", id, delta: plan.input });
      parts.push({ type: "tool-input-end", id });
      parts.push({ type: "tool-call", toolCallId: id, toolName: plan.toolName, input: plan.input });
    }
    parts.push({ type: "finish", usage, finishReason });

    let index = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      async pull(controller) {
        if (signal?.aborted) {
          controller.error(signal.reason ?? new DOMException("Aborted", "AbortError"));
          return;
        }
        const part = parts[index++];
        if (!part) return controller.close();
        if (delay > 0 && part.type === "text-delta") await new Promise((resolve) => (timer = setTimeout(resolve, delay)));
        controller.enqueue(part);
      },
      cancel() {
        clearTimeout(timer);
        index = parts.length;
      },
    });
    return { stream };
  }
}

function nextCallId() {
  callCounter = (callCounter + 1) % 1_000_000;
  return `call_builtin_${callCounter}`;
}

function functionTools(options: LanguageModelV4CallOptions): LanguageModelV4FunctionTool[] {
  if (options.toolChoice?.type === "none") return [];
  return (options.tools ?? []).filter((t): t is LanguageModelV4FunctionTool => t.type === "function");
}

/** Decides the whole answer up front: deterministic in the prompt and the offered tools. */
export function planAnswer(prompt: LanguageModelV4Prompt, tools: LanguageModelV4FunctionTool[]): Plan {
  const last = prompt[prompt.length - 1];
  if (last?.role === "tool") {
    const sentences = last.content
      .filter((p) => p.type === "tool-result")
      .map((p) => {
        const output = p.output;
        if (output.type === "error-text" || output.type === "error-json") return `Tool ${p.toolName} failed: ${shorten(render(output.value))}`;
        if (output.type === "execution-denied") return `Tool ${p.toolName} was not run${output.reason ? `: ${output.reason}` : ""}.`;
        if (output.type === "json" || output.type === "text") return `Tool ${p.toolName} returned: ${shorten(render(output.value))}`;
        return `Tool ${p.toolName} returned content.`;
      });
    return { kind: "text", text: sentences.join("\n") || "The tool returned nothing." };
  }

  const userText = lastUserText(prompt);
  const instruction = parseToolInstruction(userText);
  if (instruction) {
    const offered = tools.map((t) => t.name);
    if (!offered.includes(instruction.toolName)) {
      const available = offered.length ? `Tools available: ${offered.join(", ")}.` : "No tools are available here.";
      return { kind: "text", text: `I cannot call tool ${instruction.toolName}: it is not offered. ${available}` };
    }
    if (instruction.input === null) {
      return { kind: "text", text: `I cannot call tool ${instruction.toolName}: its arguments are not valid JSON. Write them as {"name": value}.` };
    }
    return { kind: "tool-call", toolName: instruction.toolName, input: instruction.input };
  }

  const said = userText.trim() ? `You said: ${firstWords(userText.trim(), ECHO_WORDS)}` : "You said nothing.";
  const hint = tools.length ? ` (I am the built-in offline model. To call a tool, write: call tool <name> with {json}. Tools: ${tools.map((t) => t.name).join(", ")}.)` : "";
  return { kind: "text", text: said + hint };
}

function lastUserText(prompt: LanguageModelV4Prompt) {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i];
    if (message.role === "user") return message.content.map((p) => (p.type === "text" ? p.text : "")).join(" ");
  }
  return "";
}

/** `call tool <name> with {json}` / `call the tool <name> with {json}` / `/tool <name> {json}`. */
export function parseToolInstruction(text: string): { toolName: string; input: string | null } | null {
  const match = /(?:\bcall\s+(?:the\s+)?tool\s+`?([A-Za-z][\w-]*)`?(?:\s+with\b)?|(?:^|\s)\/tool\s+([A-Za-z][\w-]*))/i.exec(text);
  if (!match) return null;
  const toolName = match[1] ?? match[2];
  const rest = text.slice(match.index + match[0].length);
  const open = rest.indexOf("{");
  if (open === -1 || rest.slice(0, open).trim() !== "") return { toolName, input: "{}" };
  const json = balancedObject(rest, open);
  if (json === null) return { toolName, input: null };
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object" || Array.isArray(value)) return { toolName, input: null };
    return { toolName, input: JSON.stringify(value) };
  } catch {
    return { toolName, input: null };
  }
}

/** The `{...}` starting at `start`, matched with awareness of JSON strings; null when unbalanced. */
function balancedObject(text: string, start: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

function render(value: unknown) {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function shorten(text: string) {
  return text.length > RESULT_CHARS ? `${text.slice(0, RESULT_CHARS)}…` : text;
}

function firstWords(text: string, count: number) {
  const words = text.split(/\s+/);
  return words.length > count ? `${words.slice(0, count).join(" ")} …` : words.join(" ");
}

function limitWords(text: string, max: number | undefined) {
  if (!max) return text;
  const deltas = wordDeltas(text);
  return deltas.length > max ? deltas.slice(0, max).join("").trimEnd() : text;
}

/** Word-level deltas that concatenate back to the text exactly (each word keeps its trailing space). */
export function wordDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** One token per word, the builtin's whole accounting. */
export function countWords(text: string) {
  return text.split(/\s+/).filter(Boolean).length;
}

function promptWords(prompt: LanguageModelV4Prompt) {
  let total = 0;
  for (const message of prompt) {
    if (message.role === "system") total += countWords(message.content);
    else
      for (const part of message.content) {
        if (part.type === "text" || part.type === "reasoning") total += countWords(part.text);
        else if (part.type === "tool-call") total += 1 + countWords(JSON.stringify(part.input ?? {}));
        else if (part.type === "tool-result") total += 1 + countWords(JSON.stringify(part.output));
      }
  }
  return total;
}

function finishReasonOf(plan: Plan, max: number | undefined): LanguageModelV4FinishReason {
  if (plan.kind === "tool-call") return { unified: "tool-calls", raw: "tool_calls" };
  if (max && wordDeltas(plan.text).length > max) return { unified: "length", raw: "length" };
  return { unified: "stop", raw: "stop" };
}

function usageOf(prompt: LanguageModelV4Prompt, plan: Plan, max: number | undefined): LanguageModelV4Usage {
  const input = promptWords(prompt);
  const output = plan.kind === "text" ? countWords(limitWords(plan.text, max)) : 1 + countWords(plan.input);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}
