import { z } from "zod";
import { AppError } from "@/server/errors";
import { guardedFetch } from "@/server/outbound";
import { defineTool } from "./types";

const MAX_BYTES = 1024 * 1024;
const TEXTUAL = /^(text\/|application\/(json|xml|xhtml\+xml|javascript|ld\+json|rss\+xml|atom\+xml)|[^;]*\+json|[^;]*\+xml)/i;

export const httpGet = defineTool({
  name: "http_get",
  description: "Fetch a public web page or API over HTTP(S) with GET and return its text (truncated). Private and internal addresses are refused.",
  inputSchema: z.object({
    url: z.url({ protocol: /^https?$/, message: "Use an http(s) URL" }).max(2000).describe("The URL to fetch"),
    max_chars: z.number().int().min(100).max(20_000).default(4000).describe("Longest text returned"),
  }),
  async execute(_ctx, { url, max_chars }, signal) {
    const response = await guardedFetch(url, { headers: { accept: "text/*, application/json;q=0.9, */*;q=0.1", "user-agent": "Atrium/0.1 (+http_get tool)" }, signal }, { timeoutMs: 10_000, maxBytes: MAX_BYTES });
    const contentType = response.headers.get("content-type") ?? "";
    if (contentType && !TEXTUAL.test(contentType)) {
      await response.body?.cancel();
      return { url: response.url || url, status: response.status, content_type: contentType, body: null, truncated: false, note: "Not a text response; body not read" };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE") throw new AppError("BAD_REQUEST", `The response is larger than ${MAX_BYTES} bytes`);
      throw error;
    }
    return {
      url: response.url || url,
      status: response.status,
      content_type: contentType || null,
      body: text.length > max_chars ? text.slice(0, max_chars) : text,
      truncated: text.length > max_chars,
    };
  },
});
