import { chain, edge, field, node, type WorkflowTemplate } from "./build";

/** Templates built around the model: summaries, translation, digests, a draft a person approves. */

export const summariseTickets: WorkflowTemplate = {
  id: "summarise-support-tickets",
  name: "Summarise new support tickets",
  description: "Summarises each ticket in one line, then writes an overview of what customers are asking about today.",
  category: "ai",
  tags: ["support", "loop", "llm"],
  definition: {
    nodes: [
      node("start", "start", "Tickets", { input_schema: [field("tickets", "array", true, "Tickets as {subject, body}")] }, 0),
      node("each", "loop", "Summarise each", {
        items: "input.tickets",
        concurrency: 3,
        body: { type: "llm", config: { system: "You summarise support tickets in one sentence.", prompt: "Ticket {{ index + 1 }}: {{ item.subject }}\n\n{{ item.body }}" } },
      }, 1),
      node("overview", "llm", "Overview", {
        system: "You are a support lead writing a short morning briefing.",
        prompt: "Here are today's ticket summaries:\n{{ $join(nodes.each.output.text, \"\\n\") }}\n\nWrite a three-line overview of the themes.",
      }, 2),
      node("end", "end", "Briefing", { output: { count: "{{ $count(input.tickets) }}", summaries: "{{ nodes.each.output.text }}", overview: "{{ nodes.overview.output.text }}" } }, 3),
    ],
    edges: chain("start", "each", "overview", "end"),
  },
  example_input: {
    tickets: [
      { subject: "Cannot reset my password", body: "The reset e-mail never arrives." },
      { subject: "Invoice shows the wrong VAT", body: "My March invoice charges 21% instead of 19%." },
    ],
  },
};

export const translateAndReview: WorkflowTemplate = {
  id: "translate-and-review",
  name: "Translate and review",
  description: "Translates a text into a target language, then has a second pass check it for accuracy and tone.",
  category: "ai",
  tags: ["translation", "llm"],
  definition: {
    nodes: [
      node("start", "start", "Text", {
        input_schema: [field("text", "string", true, "What to translate"), field("language", "string", true, "Target language, e.g. German")],
      }, 0),
      node("translate", "llm", "Translate", {
        system: "You are a careful professional translator.",
        prompt: "Translate into {{ input.language }}:\n\n{{ input.text }}",
      }, 1),
      node("review", "llm", "Review", {
        system: "You review translations for accuracy, tone and grammar and answer with the corrected text only.",
        prompt: "Original:\n{{ input.text }}\n\nTranslation into {{ input.language }}:\n{{ nodes.translate.output.text }}",
      }, 2),
      node("end", "end", "Result", { output: { language: "{{ input.language }}", draft: "{{ nodes.translate.output.text }}", reviewed: "{{ nodes.review.output.text }}" } }, 3),
    ],
    edges: chain("start", "translate", "review", "end"),
  },
  example_input: { text: "The meeting moves to Thursday at 10.", language: "German" },
};

export const calendarDigest: WorkflowTemplate = {
  id: "daily-calendar-digest",
  name: "Daily digest of my calendar",
  description: "Looks up the time and your matching calendar items, then writes a short digest. Schedule it for 7:00 on weekdays under Schedules.",
  category: "ai",
  tags: ["calendar", "tool", "schedule"],
  definition: {
    nodes: [
      node("start", "start", "Start", { input_schema: [field("keywords", "string", false, "What to look for in your calendar (default: meeting)"), field("timezone", "string", false, "IANA time zone (default UTC)")] }, 0),
      node("now", "tool", "Current time", { tool: "current_time", input: { timezone: "{{ $exists(input.timezone) ? input.timezone : \"UTC\" }}" } }, 1),
      node("items", "tool", "Search calendar", { tool: "search_my_data", input: { query: "{{ $exists(input.keywords) ? input.keywords : \"meeting\" }}", limit: "10" } }, 2),
      node("digest", "llm", "Write digest", {
        system: "You write friendly, brief daily digests.",
        prompt: "It is {{ $string(nodes.now.output) }}.\nCalendar items found: {{ $string(nodes.items.output) }}\n\nWrite today's digest in at most five bullet points.",
      }, 3),
      node("end", "end", "Digest", { output: { digest: "{{ nodes.digest.output.text }}", items: "{{ nodes.items.output }}" } }, 4),
    ],
    edges: chain("start", "now", "items", "digest", "end"),
  },
  example_input: { keywords: "meeting", timezone: "Europe/Berlin" },
};

export const approveBeforeSending: WorkflowTemplate = {
  id: "approve-before-sending",
  name: "Approve before sending",
  description: "Drafts a message, then waits for you to approve it (in Approvals) before marking it ready to send; a rejection ends the run without sending.",
  category: "human",
  tags: ["approval", "llm"],
  definition: {
    nodes: [
      node("start", "start", "Request", {
        input_schema: [field("recipient", "string", true, "Who it goes to"), field("topic", "string", true, "What the message is about")],
      }, 0),
      node("draft", "llm", "Draft", { system: "You write short, polite e-mails.", prompt: "Write an e-mail to {{ input.recipient }} about: {{ input.topic }}" }, 1),
      node("approve", "approval", "Approve the draft", {
        title: "Send this message?",
        description: "To {{ input.recipient }}:\n\n{{ nodes.draft.output.text }}",
        timeout_minutes: 1440,
      }, 2),
      node("send", "transform", "Ready to send", { expression: "{ \"sent\": true, \"to\": input.recipient, \"message\": nodes.draft.output.text }" }, 3, -1),
      node("discard", "transform", "Discarded", { expression: "{ \"sent\": false, \"to\": input.recipient }" }, 3, 1),
      node("end", "end", "Result", { output: {} }, 4),
    ],
    edges: [edge("start", "draft"), edge("draft", "approve"), edge("approve", "send", "approved"), edge("approve", "discard", "rejected"), edge("send", "end"), edge("discard", "end")],
  },
  example_input: { recipient: "ana@example.com", topic: "moving our Thursday call to Friday" },
};
