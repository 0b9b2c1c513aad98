import type { LanguageModelV4CallOptions, LanguageModelV4FunctionTool, LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { AppError } from "@/server/errors";
import type { ChatCompletionRequest } from "../schemas";

/**
 * OpenAI chat messages and options → the AI SDK's provider-neutral call, so one request reaches an
 * OpenAI-compatible, OpenAI or Anthropic config (or the built-in model) the same way.
 */
type ChatMessage = ChatCompletionRequest["messages"][number];
type TextParts = string | { type: string; text?: string; refusal?: string }[] | null | undefined;

const textOf = (content: TextParts) =>
  typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? p.refusal ?? "").join("");

function parseArguments(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

function badField(param: string, message: string) {
  return new AppError("BAD_REQUEST", message, { issues: [{ path: `body.${param}`, message }] });
}

function imageUrl(url: string, param: string) {
  const data = /^data:([\w/+.-]+);base64,(.*)$/s.exec(url);
  if (data) return { type: "file" as const, mediaType: data[1], data: { type: "data" as const, data: data[2] } };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error();
    return { type: "file" as const, mediaType: "image/*", data: { type: "url" as const, url: parsed } };
  } catch {
    throw badField(param, "An image_url is an http(s) URL or a data: URL with base64 content");
  }
}

export function toPrompt(messages: ChatMessage[]): LanguageModelV4Prompt {
  const toolNames = new Map<string, string>();
  return messages.map((m, i): LanguageModelV4Message => {
    switch (m.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOf(m.content) };
      case "user":
        return {
          role: "user",
          content:
            typeof m.content === "string"
              ? [{ type: "text", text: m.content }]
              : m.content.map((p, j) => (p.type === "text" ? { type: "text" as const, text: p.text } : imageUrl(p.image_url.url, `messages.${i}.content.${j}.image_url.url`))),
        };
      case "assistant": {
        const text = textOf(m.content);
        const calls = (m.tool_calls ?? []).map((c) => {
          toolNames.set(c.id, c.function.name);
          return { type: "tool-call" as const, toolCallId: c.id, toolName: c.function.name, input: parseArguments(c.function.arguments) };
        });
        return { role: "assistant", content: [...(text ? [{ type: "text" as const, text }] : []), ...calls] };
      }
      case "tool":
        return {
          role: "tool",
          content: [{ type: "tool-result", toolCallId: m.tool_call_id, toolName: toolNames.get(m.tool_call_id) ?? "tool", output: { type: "text", value: textOf(m.content) } }],
        };
    }
  });
}

export interface ToolInput {
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

export function toTools(tools: ToolInput[] | null | undefined): LanguageModelV4FunctionTool[] | undefined {
  if (!tools?.length) return undefined;
  return tools.map((t) => ({
    type: "function",
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    inputSchema: (t.parameters ?? { type: "object", properties: {} }) as LanguageModelV4FunctionTool["inputSchema"],
    ...(t.strict != null ? { strict: t.strict } : {}),
  }));
}

export function toToolChoice(choice: "none" | "auto" | "required" | { name: string } | null | undefined, tools: ToolInput[] | null | undefined, param: string): LanguageModelV4CallOptions["toolChoice"] {
  if (!choice) return undefined;
  if (typeof choice === "string") return { type: choice };
  if (!tools?.some((t) => t.name === choice.name)) throw badField(param, `tool_choice names ${choice.name}, which is not among the tools`);
  return { type: "tool", toolName: choice.name };
}

export type FormatInput = { type: "text" } | { type: "json_object" } | { type: "json_schema"; name?: string; description?: string; schema?: Record<string, unknown> };

export function toResponseFormat(format: FormatInput | null | undefined): LanguageModelV4CallOptions["responseFormat"] {
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json" };
  return { type: "json", ...(format.schema ? { schema: format.schema as never } : {}), ...(format.name ? { name: format.name } : {}), ...(format.description ? { description: format.description } : {}) };
}

/** The call options of a chat completion request (without the abort signal). */
export function chatCallOptions(body: ChatCompletionRequest): Omit<LanguageModelV4CallOptions, "abortSignal"> {
  const tools = body.tools?.map((t) => t.function);
  const rf = body.response_format;
  const format: FormatInput | undefined = !rf ? undefined : rf.type === "json_schema" ? { type: "json_schema", ...rf.json_schema } : { type: rf.type };
  const choice = body.tool_choice && typeof body.tool_choice === "object" ? { name: body.tool_choice.function.name } : body.tool_choice;
  return {
    prompt: toPrompt(body.messages),
    ...optional("maxOutputTokens", body.max_completion_tokens ?? body.max_tokens),
    ...optional("temperature", body.temperature),
    ...optional("topP", body.top_p),
    ...optional("presencePenalty", body.presence_penalty),
    ...optional("frequencyPenalty", body.frequency_penalty),
    ...optional("seed", body.seed),
    ...optional("stopSequences", body.stop == null ? undefined : typeof body.stop === "string" ? [body.stop] : body.stop),
    ...optional("tools", toTools(tools)),
    ...optional("toolChoice", toToolChoice(choice, tools, "tool_choice")),
    ...optional("responseFormat", toResponseFormat(format)),
  };
}

export function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
