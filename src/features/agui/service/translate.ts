import "server-only";
import { randomUUID } from "node:crypto";
import { EventType, type AGUIEvent } from "@ag-ui/core";
import type { TurnEvents } from "@/features/chat/service/turn";

/** A message the run produced, kept in the thread as AG-UI shapes it. */
export interface ProducedMessage {
  messageId: string;
  role: "assistant" | "tool";
  content: string;
  toolCalls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
  toolCallId?: string;
}

/**
 * Turns chat's turn events (tokens, tool calls, tool results) into AG-UI events and the messages they
 * describe. Every span is closed before the next kind opens (the client rejects RUN_FINISHED while a
 * message or tool call is open). A tool call belongs to the assistant message before it
 * (`parentMessageId`), as `@ag-ui/client` applies it: after a tool result, text or calls start a new
 * assistant message, so the ids the client keeps are the ids stored here.
 */
export class TurnTranslator implements TurnEvents {
  readonly messages: ProducedMessage[] = [];
  private assistant: ProducedMessage | null = null;
  private textOpen = false;

  constructor(private readonly emit: (event: AGUIEvent) => unknown) {}

  token = (text: string) => {
    if (!this.textOpen) {
      // A new message after tool calls begins without the paragraph break chat puts between steps.
      text = text.replace(/^\n+/, "");
      if (!text) return;
      if (!this.assistant || this.assistant.toolCalls?.length) this.assistant = this.startAssistant();
      this.textOpen = true;
      this.emit({ type: EventType.TEXT_MESSAGE_START, messageId: this.assistant.messageId, role: "assistant" });
    }
    this.assistant!.content += text;
    this.emit({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: this.assistant!.messageId, delta: text });
  };

  toolCall = (call: { id: string; name: string; arguments: unknown }) => {
    this.closeText();
    const parent = (this.assistant ??= this.startAssistant());
    const args = JSON.stringify(call.arguments ?? {});
    (parent.toolCalls ??= []).push({ id: call.id, type: "function", function: { name: call.name, arguments: args } });
    this.emit({ type: EventType.TOOL_CALL_START, toolCallId: call.id, toolCallName: call.name, parentMessageId: parent.messageId });
    this.emit({ type: EventType.TOOL_CALL_ARGS, toolCallId: call.id, delta: args });
    this.emit({ type: EventType.TOOL_CALL_END, toolCallId: call.id });
  };

  toolResult = (result: { id: string; name: string; result: unknown }) => {
    this.closeText();
    const messageId = randomUUID();
    const content = typeof result.result === "string" ? result.result : JSON.stringify(result.result ?? null);
    this.messages.push({ messageId, role: "tool", content, toolCallId: result.id });
    this.assistant = null;
    this.emit({ type: EventType.TOOL_CALL_RESULT, messageId, toolCallId: result.id, content, role: "tool" });
  };

  /** Closes an open text message (before the run's last event). */
  closeText() {
    if (!this.textOpen) return;
    this.textOpen = false;
    this.emit({ type: EventType.TEXT_MESSAGE_END, messageId: this.assistant!.messageId });
  }

  private startAssistant(): ProducedMessage {
    const message: ProducedMessage = { messageId: randomUUID(), role: "assistant", content: "" };
    this.messages.push(message);
    return message;
  }
}
