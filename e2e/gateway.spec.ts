import { type APIRequestContext, type Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The model gateway as a developer meets it: make a personal API key, call /v1 with it (the built-in
 * model needs no provider key), then open the Gateway page: the client snippet in each language,
 * the models with their chains, the providers' health, the call in the request log; add a route
 * and call /v1 by the route's name, then remove it.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signUpWithKey(page: Page) {
  const email = `gateway-${unique()}@example.com`;
  const password = "e2e-password-123";
  expect((await page.request.post("/api/v1/auth/register", { data: { email, password, nickname: "Dev" } })).status()).toBe(201);
  const login = await page.request.post("/api/v1/auth/login", { form: { username: email, password } });
  const { access_token } = (await login.json()) as { access_token: string };
  const created = await page.request.post("/api/v1/users/me/api-keys", { headers: { authorization: `Bearer ${access_token}` }, data: { name: "e2e gateway" } });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  await signIn(page, email, password, "/gateway");
  return key;
}

function chat(request: APIRequestContext, key: string, model: string, content: string) {
  return request.post("/v1/chat/completions", { headers: { authorization: `Bearer ${key}` }, data: { model, messages: [{ role: "user", content }] } });
}

test("call /v1 with a personal key, see it on the Gateway page, route a name to the built-in model", async ({ page }) => {
  const key = await signUpWithKey(page);
  await expect(page.getByRole("heading", { name: "Model gateway", level: 1 })).toBeVisible();

  const answer = await chat(page.request, key, "atrium-echo-1", "hello gateway");
  expect(answer.status()).toBe(200);
  expect(((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content).toContain("hello gateway");

  // The snippet, in each language, with this server's address.
  const snippet = page.getByRole("tabpanel");
  await expect(snippet).toContainText(`new OpenAI({ baseURL: "${new URL(page.url()).origin}/v1"`);
  await page.getByRole("tab", { name: "Python" }).click();
  await expect(snippet).toContainText("from openai import OpenAI");
  await expect(page.getByRole("button", { name: /copy/i }).first()).toBeVisible();

  // Models with their chains, the providers' health, and the call in the log.
  const models = page.getByRole("list", { name: "Models served by the gateway" });
  await expect(models).toContainText("atrium-echo-1");
  await expect(page.getByText("Local - always available")).toBeVisible();
  await expect(page.getByRole("table", { name: "Latest gateway calls" })).toContainText("atrium-echo-1", { timeout: 15_000 });

  // A route: "fast" goes to the built-in model.
  await page.getByLabel("Model name or pattern").fill("fast");
  await page.getByLabel("First (1)").selectOption({ label: "Built-in (offline) (atrium-echo-1)" });
  await page.getByRole("button", { name: "Add route" }).click();
  await expect(page.getByText("fast → Built-in (offline)")).toBeVisible();
  await expect(models).toContainText("Route fast: ");
  expect((await chat(page.request, key, "fast", "via the route")).status()).toBe(200);

  // A name nothing serves is a 404 in OpenAI's shape.
  const missing = await chat(page.request, key, "nothing-serves-this", "x");
  expect(missing.status()).toBe(404);
  expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("model_not_found");

  await page.getByRole("button", { name: "Remove the route fast" }).click();
  await expect(page.getByText("fast → Built-in (offline)")).toBeHidden();
});
