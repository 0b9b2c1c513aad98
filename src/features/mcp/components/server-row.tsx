"use client";

import { ActivityIcon, RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import type { McpServerDto } from "../schemas";

/** One server: where it runs, whether it answers (and how fast), its tools, and what can be done with it. */
export function ServerRow({ server, onReconnect, reconnecting, onDelete }: {
  server: McpServerDto;
  onReconnect: () => void;
  reconnecting: boolean;
  onDelete: () => void;
}) {
  const where = server.transport === "stdio" ? [server.command, ...server.args].join(" ") : (server.url ?? "");
  const state = server.last_error
    ? { text: "Failing", tone: "bg-red-50 text-red-700 ring-red-200" }
    : server.connected
      ? { text: "Connected", tone: "bg-emerald-50 text-emerald-700 ring-emerald-200" }
      : server.last_connected_at
        ? { text: "Idle", tone: "bg-zinc-100 text-zinc-700 ring-zinc-200" }
        : { text: "Not connected yet", tone: "bg-amber-50 text-amber-800 ring-amber-200" };
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:px-5" data-testid="mcp-server" aria-label={server.name}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium text-zinc-900">{server.name}</h3>
            <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700">{server.transport === "stdio" ? "Command" : "URL"}</span>
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${state.tone}`}>{state.text}</span>
            {server.latency_ms !== null && !server.last_error && (
              <span className="inline-flex items-center gap-1 text-xs text-zinc-600">
                <ActivityIcon className="size-3.5" />
                {server.latency_ms} ms
              </span>
            )}
          </div>
          <p className="mt-1 font-mono text-xs break-all text-zinc-600">{where}</p>
          {server.template_id && <p className="mt-1 text-xs text-zinc-500">From the catalog: {server.template_id}</p>}
          {(server.env_keys.length > 0 || server.header_keys.length > 0) && (
            <p className="mt-1 text-xs text-zinc-500">Credentials stored: {[...server.env_keys, ...server.header_keys].join(", ")}</p>
          )}
          {server.last_error && (
            <p role="alert" className="mt-2 text-sm break-words text-red-700">
              {server.last_error}
            </p>
          )}
        </div>
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" size="sm" onClick={onReconnect} loading={reconnecting} aria-label={`Reconnect ${server.name}`}>
            <RefreshIcon />
            Reconnect
          </Button>
          <Button variant="secondary" size="sm" onClick={onDelete} aria-label={`Delete ${server.name}`}>
            <TrashIcon />
            Delete
          </Button>
        </div>
      </div>
      {server.tools.length > 0 ? (
        <details className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm">
          <summary className="cursor-pointer font-medium text-zinc-800">
            {server.tools.length} {server.tools.length === 1 ? "tool" : "tools"}
          </summary>
          <ul className="mt-2 flex flex-col gap-2">
            {server.tools.map((t) => (
              <li key={t.name} className="min-w-0">
                <code className="font-mono text-xs break-all text-zinc-900">{t.name}</code>
                {t.description && <p className="text-xs break-words text-zinc-600">{t.description}</p>}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="text-xs text-zinc-500">No tools listed yet: reconnect to start it and list its tools.</p>
      )}
    </li>
  );
}
