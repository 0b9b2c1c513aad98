import { z } from "zod";

/**
 * Bounds on the JSON-RPC params each method accepts, checked on the raw JSON before the SDK's codecs
 * read it (they accept anything and fill defaults): a request outside them is -32602, never a 500.
 */
const id = z.string().trim().min(1).max(200);
const metadata = z.record(z.string().max(200), z.unknown()).refine((m) => JSON.stringify(m).length <= 16_384, "metadata is at most 16 KB of JSON");
const part = z
  .object({
    text: z.string().max(100_000).optional(),
    data: z.unknown().optional(),
    url: z.string().max(2_048).optional(),
    raw: z.string().max(1_000_000).optional(),
    mediaType: z.string().max(200).optional(),
    filename: z.string().max(500).optional(),
    metadata: metadata.optional(),
  })
  .refine((p) => [p.text, p.data, p.url, p.raw].filter((v) => v !== undefined).length === 1, "a part carries exactly one of text, data, url or raw");
const message = z.object({
  messageId: z.string().max(200).optional(),
  role: z.enum(["ROLE_USER", "ROLE_AGENT", "ROLE_UNSPECIFIED"]).optional(),
  parts: z.array(part).min(1).max(50),
  contextId: z.string().max(200).optional(),
  taskId: z.string().max(200).optional(),
  metadata: metadata.optional(),
  extensions: z.array(z.string().max(500)).max(20).optional(),
  referenceTaskIds: z.array(z.string().max(200)).max(20).optional(),
});
const historyLength = z.number().int().min(0).max(10_000).optional();

const sendMessage = z.object({
  tenant: z.string().max(200).optional(),
  message,
  configuration: z
    .object({
      acceptedOutputModes: z.array(z.string().max(200)).max(20).optional(),
      historyLength,
      returnImmediately: z.boolean().optional(),
      // Protocol 0.3's name for the opposite of returnImmediately; some clients still send it.
      blocking: z.boolean().optional(),
      taskPushNotificationConfig: z.unknown().optional(),
    })
    .optional(),
  metadata: metadata.optional(),
});
const taskRef = z.object({ tenant: z.string().max(200).optional(), id });

export const paramsByMethod: Record<string, z.ZodType> = {
  SendMessage: sendMessage,
  SendStreamingMessage: sendMessage,
  GetTask: taskRef.extend({ historyLength }),
  CancelTask: taskRef.extend({ metadata: metadata.optional() }),
  SubscribeToTask: taskRef,
  ListTasks: z.object({
    tenant: z.string().max(200).optional(),
    contextId: z.string().max(200).optional(),
    // Proto JSON allows an enum's name or its number.
    status: z.union([z.string().max(40), z.number().int().min(0).max(20)]).optional(),
    pageSize: z.number().int().min(1).max(100).optional(),
    pageToken: z.string().max(500).optional(),
    historyLength,
    statusTimestampAfter: z.string().max(40).optional(),
    includeArtifacts: z.boolean().optional(),
  }),
  GetExtendedAgentCard: z.object({ tenant: z.string().max(200).optional() }).optional(),
};

/** "message.parts.0.text: Too big" for the first few problems. */
export function describeIssues(error: z.ZodError) {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "params"}: ${i.message}`)
    .join("; ");
}
