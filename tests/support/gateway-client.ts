import OpenAI from "openai";
import type { Db } from "@/server/db/client";
import { call } from "./api";
import { person } from "./people";

/** A user with a personal API key (`atr_…`) and the official `openai` client pointed at the gateway. */
export async function gatewayUser(server: { url: string }, db: Db, tag: string) {
  const who = await person(server, db, tag);
  const created = await call(server, "POST", "/users/me/api-keys", { token: who.token, json: { name: `${tag} gateway key` } });
  const apiKey = (created.body as { key: string }).key;
  const client = new OpenAI({ apiKey, baseURL: `${server.url}/v1`, maxRetries: 0 });
  const addConfig = async (json: Record<string, unknown>) => {
    const res = await call(server, "POST", "/model-configs", { token: who.token, json: { provider: "openai-compatible", ...json } });
    if (res.status !== 201) throw new Error(`model config: ${res.status} ${res.text}`);
    return res.body as { id: string; name: string };
  };
  return { ...who, apiKey, client, addConfig };
}

/** GET a seed 001 root path (`/model-gateway/...`) with a token. */
export async function getRoot(server: { url: string }, path: string, token?: string) {
  const response = await fetch(server.url + path, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), accept: "application/json" } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}
