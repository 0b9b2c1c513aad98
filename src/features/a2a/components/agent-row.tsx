"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ArrowRightIcon, TrashIcon } from "@/components/ui/icons";
import type { a2aAgentSummary } from "../schemas";
import type { z } from "zod";
import { TestMessage } from "./test-message";

type Agent = z.infer<typeof a2aAgentSummary>;

/** One outside agent: where it lives, the tool name agents use, its skills, its last error, and actions. */
export function AgentRow({ agent, onRemove }: { agent: Agent; onRemove: () => void }) {
  const [testing, setTesting] = useState(false);
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:px-5" data-testid="a2a-agent" aria-label={agent.name}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium text-zinc-900">{agent.name}</h3>
            {agent.version && <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700">v{agent.version}</span>}
            {agent.last_error ? (
              <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200 ring-inset">Failing</span>
            ) : (
              <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200 ring-inset">Discovered</span>
            )}
          </div>
          {agent.description && <p className="mt-1 text-sm break-words text-zinc-600">{agent.description}</p>}
          <p className="mt-1 font-mono text-xs break-all text-zinc-600">{agent.url}</p>
          <p className="mt-1 text-xs text-zinc-500">
            Tool name: <code className="font-mono text-zinc-900">{agent.tool_name}</code>
            {agent.header_keys.length > 0 && <> · Credentials stored: {agent.header_keys.join(", ")}</>}
          </p>
          {agent.last_error && (
            <p role="alert" className="mt-2 text-sm break-words text-red-700">
              {agent.last_error}
            </p>
          )}
        </div>
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" size="sm" onClick={() => setTesting((t) => !t)} aria-expanded={testing} aria-label={`Send a test message to ${agent.name}`}>
            <ArrowRightIcon />
            Test
          </Button>
          <Button variant="secondary" size="sm" onClick={onRemove} aria-label={`Remove ${agent.name}`}>
            <TrashIcon />
            Remove
          </Button>
        </div>
      </div>
      {agent.skills.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label={`Skills of ${agent.name}`}>
          {agent.skills.map((s) => (
            <li key={s.id || s.name} className="max-w-full rounded-lg border border-zinc-200 bg-white px-2.5 py-1 text-xs" title={s.description}>
              <span className="font-medium text-zinc-900">{s.name}</span>
              {s.description && <span className="text-zinc-600"> · {s.description}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-zinc-500">Its card lists no skills.</p>
      )}
      {testing && <TestMessage agentId={agent.id} agentName={agent.name} />}
    </li>
  );
}
