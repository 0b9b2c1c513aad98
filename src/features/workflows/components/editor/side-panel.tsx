"use client";

import Link from "next/link";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Tabs, tabId, tabPanelId } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import type { DefinitionIssue, WorkflowDefinition } from "../../definition";
import { StepDetails } from "../run/step-details";
import type { LiveRun } from "../run/use-run-events";
import { StatusBadge } from "../status";
import type { Pickers } from "./config-form";
import type { FlowNode, WorkflowNodeData } from "./graph";
import { ConnectionsEditor } from "./connections-editor";
import { Inspector } from "./inspector";
import { SchedulesPanel } from "./schedules-panel";
import { VersionsPanel } from "./versions-panel";
import { WebhookPanel } from "./webhook-panel";

export type PanelTab = "node" | "workflow" | "run" | "versions" | "schedules" | "webhook";

/** The right-hand panel: the selected node, the workflow's settings and problems, the live run, versions, schedules, webhook. */
export function SidePanel(props: {
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  workflow: { id: string; name: string; version: number; access: string };
  name: string;
  description: string;
  onName: (name: string) => void;
  onDescription: (description: string) => void;
  node: FlowNode | undefined;
  nodeIssues: DefinitionIssue[];
  issues: DefinitionIssue[];
  pickers: Pickers;
  onNodeChange: (data: Partial<WorkflowNodeData>) => void;
  onNodeDelete: () => void;
  onConnect: (handle: string, target: string) => void;
  onDisconnect: (edgeId: string) => void;
  live: LiveRun | null;
  readOnly: boolean;
  currentDefinition: WorkflowDefinition;
  onRolledBack: () => void;
}) {
  const { tab, node, live } = props;
  const items: { value: PanelTab; label: string; count?: number }[] = [
    ...(node ? [{ value: "node" as const, label: "Node" }] : []),
    { value: "workflow", label: "Workflow", count: props.issues.length || undefined },
    ...(live ? [{ value: "run" as const, label: "Run" }] : []),
    { value: "versions", label: "Versions" },
    { value: "schedules", label: "Schedules" },
    { value: "webhook", label: "Webhook" },
  ];
  const current = items.some((i) => i.value === tab) ? tab : "workflow";
  return (
    <div className="flex flex-col">
      <Tabs items={items} value={current} onChange={props.onTab} label="Details" idBase="wf-panel" className="sticky top-0 z-10 bg-white px-2" />
      <div id={tabPanelId("wf-panel")} role="tabpanel" aria-labelledby={tabId("wf-panel", current)} className="p-4">
        {current === "node" && node && (
          <div className="flex flex-col gap-5">
            {live?.steps[node.id] && (
              <section aria-label="This node in the run" className="rounded-xl border border-zinc-200 p-3">
                <h2 className="mb-2 text-sm font-semibold text-zinc-900">In the last run</h2>
                <StepDetails step={live.steps[node.id]} />
              </section>
            )}
            <Inspector
              key={node.id}
              readOnly={props.readOnly}
              connections={<ConnectionsEditor nodeId={node.id} definition={props.currentDefinition} onConnect={props.onConnect} onDisconnect={props.onDisconnect} />}
              node={node} issues={props.nodeIssues} pickers={props.pickers} onChange={props.onNodeChange} onDelete={props.onNodeDelete} />
          </div>
        )}
        {current === "workflow" && (
          <fieldset disabled={props.readOnly} className="flex min-w-0 flex-col gap-4">
            <Field label="Workflow name">
              <Input value={props.name} maxLength={200} onChange={(e) => props.onName(e.target.value)} />
            </Field>
            <Field label="Description">
              <Textarea value={props.description} maxLength={2000} rows={3} onChange={(e) => props.onDescription(e.target.value)} />
            </Field>
            <section aria-labelledby="wf-problems">
              <h2 id="wf-problems" className="mb-2 text-sm font-semibold text-zinc-900">
                Problems
              </h2>
              {props.issues.length === 0 ? (
                <p className="text-sm text-emerald-700">No problems: the workflow can run.</p>
              ) : (
                <ul className="flex flex-col gap-1.5 text-sm" data-testid="problems">
                  {props.issues.map((issue, i) => (
                    <li key={i} className="rounded-lg bg-red-50 px-3 py-2 text-red-800">
                      {issue.node_id && <span className="font-mono font-medium">{issue.node_id}</span>}
                      {issue.field && <span className="font-mono"> · {issue.field}</span>}
                      {(issue.node_id || issue.field) && ": "}
                      {issue.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <p className="text-sm">
              <Link className="font-medium text-brand-700 underline" href={`/workflows/${props.workflow.id}/runs`}>
                Run history
              </Link>
            </p>
          </fieldset>
        )}
        {current === "run" && live && (
          <div className="flex flex-col gap-3 text-sm">
            <div className="flex items-center gap-2">
              <StatusBadge status={live.status} />
              <Link className="font-medium text-brand-700 underline" href={`/workflows/${props.workflow.id}/runs/${live.id}`}>
                Open the run view
              </Link>
            </div>
            {live.error && <p className="rounded-lg bg-red-50 px-3 py-2 text-red-800">{live.error}</p>}
            {Object.values(live.steps).some((s) => s.status === "waiting" && s.node_type === "approval") && (
              <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
                Waiting for an approval.{" "}
                <Link className="font-medium underline" href="/approvals">
                  Open approvals
                </Link>
              </p>
            )}
            <ul className="flex flex-col gap-1">
              {Object.values(live.steps).map((s) => (
                <li key={s.node_id} className="flex items-center justify-between gap-2">
                  <span className="font-mono">{s.node_id}</span>
                  <StatusBadge status={s.status} />
                </li>
              ))}
            </ul>
            {live.output !== undefined && live.output !== null && <pre className="max-h-60 overflow-auto rounded-lg bg-zinc-50 p-2 text-xs whitespace-pre-wrap">{JSON.stringify(live.output, null, 2)}</pre>}
          </div>
        )}
        {current === "versions" && <VersionsPanel workflowId={props.workflow.id} currentVersion={props.workflow.version} current={props.currentDefinition} readOnly={props.workflow.access === "view" || props.workflow.access === "use"} onRolledBack={props.onRolledBack} />}
        {current === "schedules" && <SchedulesPanel workflowId={props.workflow.id} />}
        {current === "webhook" && <WebhookPanel workflowId={props.workflow.id} />}
      </div>
    </div>
  );
}
