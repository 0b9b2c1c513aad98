import { describe, expect, it } from "vitest";
import { lines, pairs } from "@/features/mcp/components/parse-lines";
import { rawServerBody, serverBody } from "@/features/mcp/schemas";

describe("the MCP form's text fields", () => {
  it("reads one argument a line, ignoring blank lines and surrounding spaces", () => {
    expect(lines("  -y\n\n@modelcontextprotocol/server-filesystem \n/tmp/a b\n")).toEqual(["-y", "@modelcontextprotocol/server-filesystem", "/tmp/a b"]);
  });

  it("splits KEY=value and Name: value at the first separator, and names a malformed line", () => {
    expect(pairs("TOKEN=a=b\nOTHER = x", "=")).toEqual({ ok: { TOKEN: "a=b", OTHER: "x" } });
    expect(pairs("Authorization: Bearer a:b", ":")).toEqual({ ok: { Authorization: "Bearer a:b" } });
    expect(pairs("no separator here", "=")).toEqual({ bad: "no separator here" });
    expect(pairs("=value", "=")).toEqual({ bad: "=value" });
  });
});

describe("the server body schemas", () => {
  it("accept seed 000's two raw shapes and the catalog install", () => {
    expect(serverBody.safeParse({ name: "filesystem", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem"] }).success).toBe(true);
    expect(serverBody.safeParse({ name: "my-local-mcp", transport: { type: "stdio", command: "/path/to/server" } }).success).toBe(true);
    expect(serverBody.safeParse({ template_id: "github", credentials: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_..." } }).success).toBe(true);
  });

  it("refuse names that cannot sit inside a tool name, non-http URLs and unbounded lists", () => {
    expect(rawServerBody.safeParse({ name: "my server", transport: "http", url: "https://x.example/mcp" }).success).toBe(false);
    expect(rawServerBody.safeParse({ name: "x", transport: { type: "http", url: "file:///etc/passwd" } }).success).toBe(false);
    expect(rawServerBody.safeParse({ name: "x", transport: { type: "stdio", command: "a", args: Array(33).fill("a") } }).success).toBe(false);
    const env = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`K${i}`, "v"]));
    expect(rawServerBody.safeParse({ name: "x", transport: { type: "stdio", command: "a", env } }).success).toBe(false);
  });
});
