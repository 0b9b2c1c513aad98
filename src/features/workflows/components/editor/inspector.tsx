"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { NODE_CATALOG, type DefinitionIssue } from "../../definition";
import { ConfigForm, type Pickers } from "./config-form";
import { NumberField } from "./fields";
import type { FlowNode, WorkflowNodeData } from "./graph";
import { NodeIcon } from "./node-icon";
import { SaveNodeTemplateButton } from "./node-template-button";

/** The selected node's settings: name, its type's config form, retries and time limit. */
export function Inspector({ node, issues, pickers, onChange, onDelete, readOnly = false, connections }: {
  node: FlowNode;
  readOnly?: boolean;
  /** The connections form (rendered after the settings). */
  connections?: React.ReactNode;
  issues: DefinitionIssue[];
  pickers: Pickers;
  onChange: (data: Partial<WorkflowNodeData>) => void;
  onDelete: () => void;
}) {
  const info = NODE_CATALOG[node.data.type];
  const error = (path: string) => issues.find((i) => i.field === path || i.field?.startsWith(`${path}.`))?.message;
  const general = issues.filter((i) => !i.field);
  return (
    <fieldset disabled={readOnly} className="flex min-w-0 flex-col gap-4" aria-label={`Settings of ${node.data.name || info.label}`}>
      <div className="flex items-center gap-3">
        <NodeIcon info={info} />
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold text-zinc-900">{info.label}</p>
          <p className="text-xs text-zinc-500">
            Refer to its output as <code className="font-mono">{`nodes.${node.id}.output`}</code>
          </p>
        </div>
        <Button variant="danger-ghost" size="icon" aria-label="Delete node" onClick={onDelete}>
          <TrashIcon />
        </Button>
      </div>
      {general.map((i) => (
        <p key={i.message} className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {i.message}
        </p>
      ))}
      <Field label="Name">
        <Input value={node.data.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />
      </Field>
      <ConfigForm type={node.data.type} config={node.data.config} onChange={(config) => onChange({ config })} error={error} pickers={pickers} />
      {!info.entry && node.data.type !== "end" && (
        <div className="grid grid-cols-2 gap-3 border-t border-zinc-100 pt-4">
          <NumberField label="Retries" value={node.data.retries} min={0} max={5} onChange={(v) => onChange({ retries: Math.max(0, Math.min(5, Math.round(v ?? 0))) })} hint="After a failure, with backoff" />
          <NumberField label="Step time limit (ms)" value={node.data.timeout_ms} min={100} max={600000} onChange={(v) => onChange({ timeout_ms: v })} hint="Per attempt" />
        </div>
      )}
      {connections}
      <SaveNodeTemplateButton node={node} />
    </fieldset>
  );
}
