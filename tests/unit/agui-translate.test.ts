import type { AGUIEvent } from "@ag-ui/core";
import { EventSchemas } from "@ag-ui/core/schemas";
import { describe, expect, it } from "vitest";
import { NO_RESULT, toModelMessages, type MessageRow } from "@/features/agui/service/messages";
import { cursorBefore } from "@/features/agui/service/stream";
import { TurnTranslator } from "@/features/agui/service/translate";

function translate(drive: (t: TurnTranslator) => void) {
  const events: AGUIEvent[] = [];
  const t = new TurnTranslator((e) => events.push(e));
  drive(t);
  t.closeText();
  for (const e of events) expect(EventSchemas.safeParse(e).success, JSON.stringify(e)).toBe(true);
  return { events, types: events.map((e) => e.type), messages: t.messages };
}

describe("chat's turn events as AG-UI events", () => {
  it("streams text as one message, closed before the run ends", () => {
    const { types, messages } = translate((t) => {
      t.token("Hello");
      t.token(" world");
    });
    expect(types).toEqual(["TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END"]);
    expect(messages).toEqual([expect.objectContaining({ role: "assistant", content: "Hello world" })]);
  });

  it("closes the text before a tool call, which belongs to that message; text after a result is a new message without the step break", () => {
    const { events, types, messages } = translate((t) => {
      t.token("Let me check.");
      t.toolCall({ id: "c1", name: "calculator", arguments: { expression: "1+1" } });
      t.toolResult({ id: "c1", name: "calculator", result: { value: 2 } });
      t.token("\n\nIt is 2.");
    });
    expect(types).toEqual([
      "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END",
      "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT",
      "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END",
    ]);
    const first = messages[0];
    expect(events[3]).toMatchObject({ toolCallId: "c1", toolCallName: "calculator", parentMessageId: first.messageId });
    expect(first.toolCalls).toEqual([{ id: "c1", type: "function", function: { name: "calculator", arguments: '{"expression":"1+1"}' } }]);
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ["assistant", "Let me check."],
      ["tool", '{"value":2}'],
      ["assistant", "It is 2."],
    ]);
    expect(messages[1].toolCallId).toBe("c1");
  });

  it("a tool call with no text before it opens an assistant message of its own", () => {
    const { events, messages } = translate((t) => t.toolCall({ id: "c9", name: "confirm", arguments: {} }));
    expect(messages).toEqual([expect.objectContaining({ role: "assistant", content: "", toolCalls: [expect.objectContaining({ id: "c9" })] })]);
    expect(events[0]).toMatchObject({ type: "TOOL_CALL_START", parentMessageId: messages[0].messageId });
  });
});

const row = (r: Partial<MessageRow> & Pick<MessageRow, "role">): MessageRow => ({ messageId: "m", content: "", toolCalls: null, toolCallId: null, createdAt: new Date(), ...r });

describe("a thread as the model reads it", () => {
  it("gives each tool call its result, and a result nobody sent a stand-in so the provider accepts the conversation", () => {
    const messages = toModelMessages([
      row({ role: "developer", content: "Be brief." }),
      row({ role: "user", content: "book it" }),
      row({ role: "assistant", content: "", toolCalls: [{ id: "a", type: "function", function: { name: "confirm", arguments: '{"room":"Blue"}' } }, { id: "b", type: "function", function: { name: "notify", arguments: "{}" } }] }),
      row({ role: "tool", toolCallId: "a", content: '{"ok":true}' }),
      row({ role: "user", content: "thanks" }),
    ]);
    expect(messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "book it" },
      { role: "assistant", content: [
        { type: "tool-call", toolCallId: "a", toolName: "confirm", input: { room: "Blue" } },
        { type: "tool-call", toolCallId: "b", toolName: "notify", input: {} },
      ] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "a", toolName: "confirm", output: { type: "text", value: '{"ok":true}' } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "b", toolName: "notify", output: { type: "text", value: NO_RESULT } }] },
      { role: "user", content: "thanks" },
    ]);
  });

  it("drops a tool message that answers no open call", () => {
    expect(toModelMessages([row({ role: "user", content: "hi" }), row({ role: "tool", toolCallId: "zz", content: "{}" })])).toEqual([{ role: "user", content: "hi" }]);
  });
});

describe("the cursor just before a bus id", () => {
  it("steps back one sequence number, or to the previous millisecond's last one", () => {
    expect(cursorBefore("1700000000000-5")).toBe("1700000000000-4");
    expect(cursorBefore("1700000000000-0")).toBe("1699999999999-18446744073709551615");
    expect(cursorBefore("0-0")).toBe("0-0");
  });
});
