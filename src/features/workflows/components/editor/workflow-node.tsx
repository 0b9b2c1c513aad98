"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import clsx from "clsx";
import { memo } from "react";
import { NODE_CATALOG, outputHandles } from "../../definition";
import { statusStyle } from "../status";
import type { FlowNode } from "./graph";
import { NodeIcon } from "./node-icon";

/**
 * One node on the canvas: icon, name, type; a red border and the first problem when validation
 * found any; a coloured ring for its step's status during and after a run. Entry nodes have no
 * target handle; every outgoing handle is labelled when there is more than one.
 */
export const WorkflowNodeView = memo(function WorkflowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const info = NODE_CATALOG[data.type];
  const handles = outputHandles({ type: data.type, config: data.config });
  const issues = data.issues ?? [];
  const status = data.status;
  const style = status ? statusStyle(status) : null;
  return (
    <div
      data-testid={`node-${id}`}
      data-status={status ?? undefined}
      data-invalid={issues.length > 0 || undefined}
      className={clsx(
        "w-[220px] rounded-xl border bg-white px-3 py-2.5 text-left shadow-sm",
        issues.length ? "border-red-500" : "border-zinc-300",
        selected && "outline-2 outline-offset-2 outline-brand-500",
        style && `ring-4 ${style.ring}`,
      )}
    >
      {!info.entry && <Handle type="target" position={Position.Left} className="!size-3 !border-2 !border-white !bg-zinc-500" aria-label="Input" />}
      <div className="flex items-center gap-2.5">
        <NodeIcon info={info} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-zinc-900">{data.name || info.label}</p>
          <p className="truncate text-xs text-zinc-500">
            {info.label} · <span className="font-mono">{id}</span>
          </p>
        </div>
        {style && <span className="sr-only">{style.label}</span>}
      </div>
      {issues.length > 0 && (
        <p className="mt-1.5 line-clamp-2 text-xs text-red-700" role="note">
          {issues[0].field ? `${issues[0].field}: ` : ""}
          {issues[0].message}
          {issues.length > 1 ? ` (+${issues.length - 1})` : ""}
        </p>
      )}
      {handles.length === 1 && (
        <Handle id={handles[0]} type="source" position={Position.Right} aria-label={`Output ${handles[0]}`} className="!size-3 !border-2 !border-white !bg-brand-600" />
      )}
      {handles.length > 1 && (
        <div className="mt-2 flex flex-col items-end gap-1">
          {handles.map((handle) => (
            <div key={handle} className="relative flex h-4 items-center">
              <span className="pr-1 text-[10px] font-medium text-zinc-500 uppercase">{handleLabel(handle, data.config)}</span>
              <Handle
                id={handle}
                type="source"
                position={Position.Right}
                aria-label={`Output ${handle}`}
                style={{ right: -12 }}
                className={clsx("!size-3 !border-2 !border-white", handle === "false" || handle === "rejected" ? "!bg-red-500" : "!bg-brand-600")}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});

/** A switch's case handles read as their label or value. */
function handleLabel(handle: string, config: Record<string, unknown>) {
  const match = /^case-(\d+)$/.exec(handle);
  if (!match) return handle;
  const cases = (config.cases as { value?: string; label?: string }[] | undefined) ?? [];
  const c = cases[Number(match[1])];
  return c?.label || c?.value || handle;
}

export const nodeTypes = { workflow: WorkflowNodeView };
