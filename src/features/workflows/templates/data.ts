import { chain, edge, field, node, type WorkflowTemplate } from "./build";

/** Templates that move and shape data: webhooks, HTTP, routing, loops with code. */

export const triageWebhook: WorkflowTemplate = {
  id: "triage-incoming-webhook",
  name: "Triage an incoming webhook",
  description: "Takes an alert posted to the workflow's webhook URL; high-severity alerts get an incident note drafted by the model, the rest are logged with a one-line summary.",
  category: "integration",
  tags: ["webhook", "condition", "llm"],
  definition: {
    nodes: [
      node("hook", "webhook_trigger", "Webhook", {}, 0),
      node("normalise", "transform", "Normalise", {
        expression: "{ \"title\": $exists(input.title) ? input.title : \"(untitled alert)\", \"severity\": $lowercase($exists(input.severity) ? input.severity : \"low\"), \"source\": $exists(input.source) ? input.source : \"unknown\" }",
      }, 1),
      node("urgent", "condition", "High severity?", { expression: "nodes.normalise.output.severity in [\"high\", \"critical\"]" }, 2),
      node("incident", "llm", "Draft incident note", {
        system: "You are an on-call engineer writing terse incident notes.",
        prompt: "Alert from {{ nodes.normalise.output.source }}: {{ nodes.normalise.output.title }} (severity {{ nodes.normalise.output.severity }}). Write a three-line incident note with a first step.",
      }, 3, -1),
      node("log", "transform", "Log it", { expression: "{ \"logged\": true, \"summary\": nodes.normalise.output.source & \": \" & nodes.normalise.output.title }" }, 3, 1),
      node("end", "end", "Triage", { output: {} }, 4),
    ],
    edges: [edge("hook", "normalise"), edge("normalise", "urgent"), edge("urgent", "incident", "true"), edge("urgent", "log", "false"), edge("incident", "end"), edge("log", "end")],
  },
  example_input: { title: "API error rate above 5%", severity: "high", source: "monitoring" },
};

export const fetchAndExtract: WorkflowTemplate = {
  id: "fetch-url-extract-fields",
  name: "Fetch a URL and extract fields",
  description: "GETs a JSON URL and keeps only the fields you name, with the HTTP status.",
  category: "integration",
  tags: ["http", "transform"],
  definition: {
    nodes: [
      node("start", "start", "URL", {
        input_schema: [field("url", "string", true, "A public URL answering JSON"), field("fields", "array", true, "Top-level field names to keep")],
      }, 0),
      node("fetch", "http", "Fetch", { method: "GET", url: "{{ input.url }}", headers: { accept: "application/json" }, timeout_ms: 10000 }, 1),
      node("extract", "transform", "Extract fields", {
        expression: "{ \"status\": nodes.fetch.output.status, \"fields\": $sift(nodes.fetch.output.body, function($v, $k) { $k in input.fields }) }",
      }, 2),
      node("end", "end", "Fields", { output: { status: "{{ nodes.extract.output.status }}", fields: "{{ nodes.extract.output.fields }}" } }, 3),
    ],
    edges: chain("start", "fetch", "extract", "end"),
  },
  example_input: { url: "https://api.github.com/repos/nodejs/node", fields: ["full_name", "stargazers_count"] },
};

export const classifyAndRoute: WorkflowTemplate = {
  id: "classify-and-route",
  name: "Classify and route with a switch",
  description: "Classifies a message by keywords in a code step and routes it: billing and bugs get their own reply, anything else a general answer from the model.",
  category: "data",
  tags: ["switch", "code", "llm"],
  definition: {
    nodes: [
      node("start", "start", "Message", { input_schema: [field("message", "string", true, "The customer's message")] }, 0),
      node("classify", "code", "Classify", {
        source: [
          "const text = String(input.message).toLowerCase();",
          "const rules = [['billing', ['invoice', 'refund', 'charge', 'payment', 'vat']], ['bug', ['error', 'crash', 'broken', 'bug', 'fails']]];",
          "for (const [category, words] of rules) if (words.some((w) => text.includes(w))) return { category };",
          "return { category: 'general' };",
        ].join("\n"),
        timeout_ms: 1000,
      }, 1),
      node("route", "switch", "Route", { expression: "nodes.classify.output.category", cases: [{ value: "billing", label: "Billing" }, { value: "bug", label: "Bug" }] }, 2),
      node("billing", "transform", "Billing team", { expression: "{ \"team\": \"billing\", \"reply\": \"Our billing team will look at your invoice within one working day.\" }" }, 3, -1),
      node("bug", "transform", "Engineering", { expression: "{ \"team\": \"engineering\", \"reply\": \"Thanks for the report: we have opened a bug for it.\" }" }, 3, 0),
      node("general", "llm", "General answer", { system: "You are a helpful support agent.", prompt: "Answer briefly: {{ input.message }}" }, 3, 1),
      node("end", "end", "Routed", { output: {} }, 4),
    ],
    edges: [
      edge("start", "classify"), edge("classify", "route"),
      edge("route", "billing", "case-0"), edge("route", "bug", "case-1"), edge("route", "general", "default"),
      edge("billing", "end"), edge("bug", "end"), edge("general", "end"),
    ],
  },
  example_input: { message: "My invoice shows a double charge" },
};

export const loopWithCode: WorkflowTemplate = {
  id: "loop-items-code",
  name: "Loop over items with a code step",
  description: "Runs a JavaScript step for every item of a list (here: prices with tax), then totals the results.",
  category: "data",
  tags: ["loop", "code", "transform"],
  definition: {
    nodes: [
      node("start", "start", "Items", {
        input_schema: [field("items", "array", true, "Items as {name, price}"), field("tax_rate", "number", false, "e.g. 0.19")],
      }, 0),
      node("each", "loop", "Price with tax", {
        items: "input.items",
        concurrency: 2,
        body: {
          type: "code",
          config: { source: "const rate = typeof input.tax_rate === 'number' ? input.tax_rate : 0.2;\nreturn { name: item.name, gross: Math.round(item.price * (1 + rate) * 100) / 100 };", timeout_ms: 1000 },
        },
      }, 1),
      node("total", "transform", "Total", { expression: "{ \"lines\": nodes.each.output, \"total\": $round($sum(nodes.each.output.gross), 2) }" }, 2),
      node("end", "end", "Invoice", { output: { lines: "{{ nodes.total.output.lines }}", total: "{{ nodes.total.output.total }}" } }, 3),
    ],
    edges: chain("start", "each", "total", "end"),
  },
  example_input: { items: [{ name: "Notebook", price: 10 }, { name: "Pen", price: 2.5 }], tax_rate: 0.19 },
};
