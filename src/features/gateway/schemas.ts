import { z } from "zod";

/**
 * The OpenAI wire shapes the gateway reads. Objects are loose (OpenAI clients send fields such as
 * `metadata`, `store` or `user` that a gateway ignores), every list that drives work is bounded, and
 * what the gateway cannot honour (n > 1, audio) is refused with a 400 naming the field.
 */

const MAX_MESSAGES = 2000;
const MAX_TOOLS = 128;
const text = z.string().max(1_000_000);
const jsonSchema = z.record(z.string(), z.unknown());

const textPart = z.object({ type: z.literal("text"), text }).loose();
const imagePart = z
  .object({ type: z.literal("image_url"), image_url: z.object({ url: z.string().max(1_000_000), detail: z.string().optional() }).loose() })
  .loose();
const refusalPart = z.object({ type: z.literal("refusal"), refusal: text }).loose();

const toolCall = z
  .object({
    id: z.string().min(1).max(200),
    type: z.literal("function").default("function"),
    function: z.object({ name: z.string().min(1).max(200), arguments: z.string().max(1_000_000) }).loose(),
  })
  .loose();

export const chatMessage = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: z.union([text, z.array(textPart).max(100)]), name: z.string().optional() }).loose(),
  z.object({ role: z.literal("user"), content: z.union([text, z.array(z.union([textPart, imagePart])).max(100)]), name: z.string().optional() }).loose(),
  z
    .object({
      role: z.literal("assistant"),
      content: z.union([text, z.array(z.union([textPart, refusalPart])).max(100)]).nullish(),
      tool_calls: z.array(toolCall).max(MAX_TOOLS).nullish(),
      reasoning_content: text.nullish(),
      name: z.string().optional(),
    })
    .loose(),
  z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1).max(200), content: z.union([text, z.array(textPart).max(100)]) }).loose(),
]);

const functionTool = z
  .object({
    type: z.literal("function"),
    function: z
      .object({
        name: z.string().regex(/^[\w-]{1,64}$/, "Tool names are 1-64 letters, digits, _ or -"),
        description: z.string().max(10_000).optional(),
        parameters: jsonSchema.optional(),
        strict: z.boolean().nullish(),
      })
      .loose(),
  })
  .loose();

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().min(1).max(64) }) }).loose(),
]);

const responseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }).loose(),
  z.object({ type: z.literal("json_object") }).loose(),
  z
    .object({
      type: z.literal("json_schema"),
      json_schema: z.object({ name: z.string().max(64), description: z.string().max(10_000).optional(), schema: jsonSchema.optional(), strict: z.boolean().nullish() }).loose(),
    })
    .loose(),
]);

const sampling = {
  model: z.string().trim().min(1, "Name a model (GET /v1/models lists them)").max(200),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
};

export const chatCompletionRequest = z
  .object({
    ...sampling,
    messages: z.array(chatMessage).min(1, "Send at least one message").max(MAX_MESSAGES),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).loose().nullish(),
    max_tokens: z.number().int().min(1).max(1_000_000).nullish(),
    max_completion_tokens: z.number().int().min(1).max(1_000_000).nullish(),
    stop: z.union([z.string().max(1000), z.array(z.string().max(1000)).max(4)]).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    seed: z.number().int().nullish(),
    n: z.literal(1, "The gateway returns one choice: leave n out or set it to 1").nullish(),
    tools: z.array(functionTool).max(MAX_TOOLS).nullish(),
    tool_choice: toolChoice.nullish(),
    response_format: responseFormat.nullish(),
  })
  .loose();
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

/** One input item of the Responses API (messages, earlier function calls and their outputs). */
const inputContent = z.union([
  text,
  z
    .array(
      z.union([
        z.object({ type: z.enum(["input_text", "output_text"]), text }).loose(),
        z.object({ type: z.literal("input_image"), image_url: z.string().max(1_000_000) }).loose(),
      ]),
    )
    .max(100),
]);
const responsesInputItem = z.union([
  z.object({ type: z.literal("message").optional(), role: z.enum(["system", "developer", "user", "assistant"]), content: inputContent }).loose(),
  z.object({ type: z.literal("function_call"), call_id: z.string().min(1).max(200), name: z.string().min(1).max(64), arguments: z.string().max(1_000_000) }).loose(),
  z.object({ type: z.literal("function_call_output"), call_id: z.string().min(1).max(200), output: z.union([text, z.array(z.unknown()).max(100)]) }).loose(),
]);

const responsesTool = z
  .object({
    type: z.literal("function", "The gateway serves function tools only"),
    name: z.string().regex(/^[\w-]{1,64}$/, "Tool names are 1-64 letters, digits, _ or -"),
    description: z.string().max(10_000).nullish(),
    parameters: jsonSchema.nullish(),
    strict: z.boolean().nullish(),
  })
  .loose();

const textFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }).loose(),
  z.object({ type: z.literal("json_object") }).loose(),
  z.object({ type: z.literal("json_schema"), name: z.string().max(64), description: z.string().max(10_000).optional(), schema: jsonSchema, strict: z.boolean().nullish() }).loose(),
]);

export const responsesRequest = z
  .object({
    ...sampling,
    input: z.union([text, z.array(responsesInputItem).min(1).max(MAX_MESSAGES)]),
    instructions: text.nullish(),
    max_output_tokens: z.number().int().min(1).max(1_000_000).nullish(),
    tools: z.array(responsesTool).max(MAX_TOOLS).nullish(),
    tool_choice: z
      .union([z.enum(["none", "auto", "required"]), z.object({ type: z.literal("function"), name: z.string().min(1).max(64) }).loose()])
      .nullish(),
    text: z.object({ format: textFormat.optional() }).loose().nullish(),
    previous_response_id: z.null({ message: "The gateway keeps no responses: send the whole conversation in `input`" }).optional(),
  })
  .loose();
export type ResponsesRequest = z.infer<typeof responsesRequest>;

export const embeddingsRequest = z
  .object({
    model: sampling.model,
    input: z.union([z.string().min(1).max(100_000), z.array(z.string().min(1).max(100_000)).min(1).max(2048)]),
    encoding_format: z.enum(["float", "base64"]).default("float"),
    dimensions: z.number().int().min(1).max(10_000).optional(),
  })
  .loose();
export type EmbeddingsRequest = z.infer<typeof embeddingsRequest>;

// --- what the gateway answers (documented in the OpenAPI document) ---

export const modelList = z.object({
  object: z.literal("list"),
  data: z.array(z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() })),
});

export const usage = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });

export const chatCompletion = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({
        role: z.literal("assistant"),
        content: z.string().nullable(),
        refusal: z.null(),
        tool_calls: z.array(z.object({ id: z.string(), type: z.literal("function"), function: z.object({ name: z.string(), arguments: z.string() }) })).optional(),
      }),
      logprobs: z.null(),
      finish_reason: z.enum(["stop", "length", "tool_calls", "content_filter"]),
    }),
  ),
  usage,
});

export const responseObject = z
  .object({
    id: z.string(),
    object: z.literal("response"),
    created_at: z.number().int(),
    status: z.enum(["completed", "incomplete", "in_progress", "failed"]),
    model: z.string(),
    output: z.array(z.record(z.string(), z.unknown())),
    usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int(), total_tokens: z.number().int() }).loose().nullable(),
  })
  .loose();

export const embeddingList = z.object({
  object: z.literal("list"),
  data: z.array(z.object({ object: z.literal("embedding"), index: z.number().int(), embedding: z.union([z.array(z.number()), z.string()]) })),
  model: z.string(),
  usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
});

// --- seed 001's /model-gateway bodies ---

export const gatewayHealth = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  timestamp: z.number().int().describe("Epoch milliseconds"),
  providers_available: z.array(z.object({ name: z.string(), summary: z.string() })),
  providers_unavailable: z.array(z.object({ name: z.string(), summary: z.string() })),
});

export const quotaEntry = z.object({
  provider: z.string(),
  available: z.boolean(),
  balance: z.number().optional(),
  usedPercent: z.number().optional(),
  summary: z.string(),
});
export const quotaMap = z.record(z.string(), quotaEntry).describe("Keyed by provider (model config) name");

// --- route editing (tRPC and the page) ---

export const QUOTA_SOURCES = ["auto", "deepseek", "openrouter", "none"] as const;
export const BUILTIN_TARGET = "builtin";

export const routeInput = z
  .object({
    pattern: z
      .string()
      .trim()
      .min(1, "Name a model or a pattern such as deepseek-*")
      .max(200)
      .regex(/^[\w.:/@*-]+$/, "Letters, digits, . : / @ - _ and * only"),
    chain: z
      .array(z.union([z.uuid(), z.literal(BUILTIN_TARGET)]))
      .min(1, "Choose at least one model config")
      .max(10, "At most 10 models in a chain")
      .refine((c) => new Set(c).size === c.length, "A model config appears once in a chain"),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type RouteInput = z.infer<typeof routeInput>;
