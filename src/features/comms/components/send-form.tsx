"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorText, trpcIssueErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { MAX_CONTENT_CHARS, sendBody } from "../schemas";
import type { TopologyNode } from "./kinds";

/** Sends a message through the comms layer to any address (suggested from the topology). */
export function SendForm({ nodes }: { nodes: TopologyNode[] }) {
  const trpc = useTRPC();
  const [to, setTo] = useState("");
  const [content, setContent] = useState("");
  const [from, setFrom] = useState("atrium-ui");
  const [invalid, setInvalid] = useState<string | null>(null);
  const send = useMutation(trpc.comms.send.mutationOptions({ onSuccess: () => setContent("") }));
  const issues = send.error ? trpcIssueErrors(send.error) : {};
  const problem = invalid ?? (send.error ? (issues.to ?? issues.content ?? issues.from ?? errorText(send.error)) : null);
  const targets = nodes.filter((n) => n.kind === "atrium_agent" || n.kind === "gateway_agent" || n.kind === "channel");
  return (
    <Card className="min-w-0">
      <CardHeader title="Send a message" description="agent:<id> answers in the background; gateway:<agent_id> is pushed to its webhook; channel:<name> reaches its subscribers." />
      <form
        aria-label="Send a message"
        className="flex flex-col gap-4 px-5 pb-5"
        onSubmit={(event) => {
          event.preventDefault();
          // The server's own schema, checked here first: a bad address is named without a round trip.
          const parsed = sendBody.safeParse({ to: to.trim(), content: content.trim(), from: from.trim() || "atrium-ui" });
          setInvalid(parsed.success ? null : (parsed.error.issues[0]?.message ?? "Check the message"));
          if (parsed.success) send.mutate(parsed.data);
          else send.reset();
        }}
      >
        <Field label="To" hint="Pick from the list or type an address">
          <Input value={to} onChange={(e) => setTo(e.target.value)} required maxLength={200} list="comms-targets" placeholder="channel:general" autoComplete="off" />
        </Field>
        <datalist id="comms-targets">
          {targets.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label}
            </option>
          ))}
        </datalist>
        <Field label="From" hint="How the receiver sees the sender">
          <Input value={from} onChange={(e) => setFrom(e.target.value)} maxLength={100} />
        </Field>
        <Field label="Message">
          <Textarea value={content} onChange={(e) => setContent(e.target.value)} required rows={3} maxLength={MAX_CONTENT_CHARS} placeholder="Please review the latest PR" />
        </Field>
        {problem && <Alert>{problem}</Alert>}
        {send.isSuccess && (
          <p role="status" className="text-sm text-emerald-700" data-testid="comms-sent">
            {send.data.status === "sent" ? "Delivered" : "Queued"}: <code className="font-mono">{send.data.message_id}</code>
            {send.data.recipients ? ` to ${send.data.recipients.length} subscriber(s)` : ""}
          </p>
        )}
        <div>
          <Button type="submit" loading={send.isPending}>
            Send
          </Button>
        </div>
      </form>
    </Card>
  );
}
