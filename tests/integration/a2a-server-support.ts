import { randomUUID } from "node:crypto";
import { Role, type Message } from "@a2a-js/sdk";
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client } from "@a2a-js/sdk/client";
import { agent } from "@/features/agents/schemas";
import { apiKeyCreated } from "@/features/identity/schemas";
import { modelConfig } from "@/features/models/schemas";
import { call, expectOk } from "../support/api";
import type { Person } from "../support/people";
import { STUB_MODEL } from "../support/stub-provider";

type Server = { url: string };

export const apiKey = async (server: Server, who: Person) => expectOk(await call(server, "POST", "/users/me/api-keys", { token: who.token, json: { name: "a2a" } }), 201, apiKeyCreated).key;

/** A fetch that adds the caller's key to every request, as the SDK lets a client do (`fetchImpl`). */
export const fetchWithKey = (key: string | null): typeof fetch => (input, init) => {
  const headers = new Headers(init?.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  return fetch(input, { ...init, headers });
};

/** The official client, unmodified: `new ClientFactory(...).createFromUrl(<server origin>)`, reading the card. */
export async function a2aClient(server: Server, key: string | null): Promise<Client> {
  const fetchImpl = fetchWithKey(key);
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
    }),
  );
  return factory.createFromUrl(server.url);
}

/** A user's message in the SDK's shape; `skillId` picks the agent. */
export function userMessage(text: string, options: { skillId?: string; contextId?: string } = {}): Message {
  return {
    messageId: randomUUID(),
    contextId: options.contextId ?? "",
    taskId: "",
    role: Role.ROLE_USER,
    parts: [{ content: { $case: "text", value: text }, metadata: undefined, filename: "", mediaType: "text/plain" }],
    metadata: options.skillId ? { skillId: options.skillId } : undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

export const sendParams = (message: Message, configuration: Record<string, unknown> = {}) =>
  ({ tenant: "", message, configuration: { acceptedOutputModes: [], taskPushNotificationConfig: undefined, returnImmediately: false, ...configuration }, metadata: undefined }) as Parameters<Client["sendMessage"]>[0];

export async function deployedAgent(server: Server, who: Person, name: string, extra: Record<string, unknown> = {}) {
  const created = expectOk(await call(server, "POST", "/agents", { token: who.token, json: { name, description: `${name} answers questions`, ...extra } }), 201, agent);
  expectOk(await call(server, "POST", `/agents/${created.id}/deploy`, { token: who.token }), 200, agent);
  return created;
}

/** An agent on the stub model server, whose `[stub:slow]` answers take ~6 s (for cancel and streaming tests). */
export async function slowAgent(server: Server, who: Person, baseUrl: string) {
  const config = expectOk(await call(server, "POST", "/model-configs", { token: who.token, json: { name: "Stub", provider: "openai-compatible", base_url: baseUrl, model_name: STUB_MODEL } }), 201, modelConfig);
  return deployedAgent(server, who, "Slow", { model_config: { model_config_id: config.id } });
}

/** One raw JSON-RPC call to /a2a/jsonrpc. */
export async function rpc(server: Server, key: string | null, method: string, params: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/a2a/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { result?: Record<string, unknown>; error?: { code: number; message: string } } };
}

export const textOfTask = (task: { artifacts: { parts: { content?: { $case: string; value: unknown } }[] }[] }) =>
  task.artifacts.flatMap((a) => a.parts).map((p) => (p.content?.$case === "text" ? p.content.value : "")).join("");
