"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { XIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { outputHandles, type WorkflowDefinition } from "../../definition";
import { canConnect } from "./validation";

/**
 * The selected node's outgoing connections as a form, so the graph can be built without a mouse:
 * each connection with a remove button, and "connect to" with the same rule as dragging (canConnect).
 */
export function ConnectionsEditor({ nodeId, definition, onConnect, onDisconnect }: {
  nodeId: string;
  definition: WorkflowDefinition;
  onConnect: (handle: string, target: string) => void;
  onDisconnect: (edgeId: string) => void;
}) {
  const node = definition.nodes.find((n) => n.id === nodeId);
  const handles = node ? outputHandles(node) : [];
  const [handle, setHandle] = useState(handles[0] ?? "out");
  const [target, setTarget] = useState("");
  const [refused, setRefused] = useState<string | null>(null);
  if (!node || handles.length === 0) return null;
  const outgoing = definition.edges.filter((e) => e.source === nodeId);
  const nameOf = (id: string) => definition.nodes.find((n) => n.id === id)?.name || id;
  const chosenHandle = handles.includes(handle) ? handle : handles[0];

  return (
    <div className="border-t border-zinc-100 pt-4">
      <fieldset className="flex min-w-0 flex-col gap-2">
        <legend className="mb-1.5 text-sm font-medium text-zinc-800">Connections</legend>
        {outgoing.length === 0 && <p className="text-xs text-zinc-500">Nothing follows this node yet.</p>}
        <ul className="flex flex-col gap-1" aria-label="Outgoing connections">
          {outgoing.map((e) => (
            <li key={e.id} className="flex items-center justify-between gap-2 text-sm">
              <span className="min-w-0 truncate">
                {handles.length > 1 && <span className="font-mono text-xs text-zinc-500">{e.source_handle} → </span>}
                {nameOf(e.target)} <span className="font-mono text-xs text-zinc-500">({e.target})</span>
              </span>
              <Button variant="ghost" size="icon" aria-label={`Remove the connection to ${e.target}`} onClick={() => onDisconnect(e.id)}>
                <XIcon />
              </Button>
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap items-center gap-2">
          {handles.length > 1 && (
            <Select aria-label="From output" value={chosenHandle} onChange={(e) => setHandle(e.target.value)} className="w-32">
              {handles.map((h) => (
                <option key={h}>{h}</option>
              ))}
            </Select>
          )}
          <Select aria-label="Connect to" value={target} onChange={(e) => setTarget(e.target.value)} className="min-w-0 flex-1">
            <option value="">Connect to…</option>
            {definition.nodes
              .filter((n) => n.id !== nodeId)
              .map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name || n.id} ({n.id})
                </option>
              ))}
          </Select>
          <Button
            variant="secondary"
            size="sm"
            disabled={!target}
            onClick={() => {
              const reason = canConnect(definition, { source: nodeId, sourceHandle: chosenHandle, target });
              setRefused(reason);
              if (reason) return;
              onConnect(chosenHandle, target);
              setTarget("");
            }}
          >
            Connect
          </Button>
        </div>
        {refused && (
          <p className="text-sm text-red-700" role="alert">
            {refused}
          </p>
        )}
      </fieldset>
    </div>
  );
}
