"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

/** The message box: Enter sends, Shift+Enter is a new line; Stop while a reply streams. */
export function Composer({ streaming, disabled, onSend, onStop }: { streaming: boolean; disabled?: boolean; onSend: (message: string) => void; onStop: () => void }) {
  const [text, setText] = useState("");
  function send() {
    const message = text.trim();
    if (!message || streaming || disabled) return;
    onSend(message);
    setText("");
  }
  return (
    <form
      className="flex items-end gap-2 border-t border-zinc-100 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <Textarea
        aria-label="Message"
        rows={2}
        value={text}
        placeholder="Write a message…"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
        className="min-h-10 flex-1 resize-none"
      />
      {streaming ? (
        <Button variant="secondary" onClick={onStop}>
          Stop
        </Button>
      ) : (
        <Button type="submit" disabled={!text.trim() || disabled}>
          Send
        </Button>
      )}
    </form>
  );
}
