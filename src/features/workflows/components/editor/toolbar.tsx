"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { ChevronDownIcon, ChevronLeftIcon, KeyboardIcon, PlusIcon, RefreshIcon } from "@/components/ui/icons";
import { StatusBadge } from "../status";

/** The editor's top bar: name and version, undo/redo, layout, validate, more, save and run. */
export function EditorToolbar(props: {
  workflowId: string;
  name: string;
  version: number;
  dirty: boolean;
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  issueCount: number;
  runStatus: string | undefined;
  runId: string | null;
  saving: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onFit: () => void;
  onValidate: () => void;
  onExport: () => void;
  onShortcuts: () => void;
  onSave: () => void;
  onRun: () => void;
  onPalette: () => void;
  onPanel: () => void;
}) {
  const { workflowId, readOnly } = props;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-white px-3 py-2 sm:px-4">
      <Button asChild variant="ghost" size="icon" aria-label="All workflows">
        <Link href="/workflows">
          <ChevronLeftIcon className="size-5" />
        </Link>
      </Button>
      <div className="mr-auto flex min-w-0 items-center gap-2">
        <h1 className="truncate text-base font-semibold text-zinc-900 sm:text-lg">{props.name || "Untitled workflow"}</h1>
        <span data-testid="workflow-version" className="rounded-md bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-700 tabular-nums">
          v{props.version}
        </span>
        {props.dirty && (
          <span className="text-xs text-amber-700" data-testid="unsaved">
            Unsaved
          </span>
        )}
        {props.runStatus && props.runId && (
          <Link href={`/workflows/${workflowId}/runs/${props.runId}`} className="hidden sm:inline-flex" aria-label={`Open the run (${props.runStatus})`}>
            <StatusBadge status={props.runStatus} />
          </Link>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        {!readOnly && (
          <Button variant="secondary" size="sm" onClick={props.onPalette} className="lg:hidden">
            <PlusIcon /> Add node
          </Button>
        )}
        <Button variant="ghost" size="sm" onClick={props.onUndo} disabled={!props.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
          Undo
        </Button>
        <Button variant="ghost" size="sm" onClick={props.onRedo} disabled={!props.canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
          Redo
        </Button>
        <Button variant="ghost" size="sm" onClick={props.onLayout} className="hidden sm:inline-flex" disabled={readOnly}>
          Auto-layout
        </Button>
        <Button variant="secondary" size="sm" onClick={props.onValidate} aria-label={props.issueCount ? `Validate (${props.issueCount} problems)` : "Validate"}>
          Validate
          {props.issueCount > 0 && <span className="rounded-full bg-red-100 px-1.5 text-xs text-red-800 tabular-nums">{props.issueCount}</span>}
        </Button>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="secondary" size="sm">
              More <ChevronDownIcon />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuItem onSelect={props.onLayout} disabled={readOnly}>
              Auto-layout
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={props.onFit}>Fit to screen</DropdownMenuItem>
            <DropdownMenuItem onSelect={props.onExport}>Export JSON</DropdownMenuItem>
            <DropdownMenuItem asChild>
              <Link href={`/workflows/${workflowId}/runs`}>
                <RefreshIcon /> Run history
              </Link>
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={props.onShortcuts}>
              <KeyboardIcon /> Keyboard shortcuts
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <Button variant="ghost" size="icon" onClick={props.onShortcuts} aria-label="Keyboard shortcuts" className="hidden md:inline-flex" title="Keyboard shortcuts (?)">
          ?
        </Button>
        {!readOnly && (
          <Button variant="secondary" size="sm" onClick={props.onSave} loading={props.saving}>
            Save
          </Button>
        )}
        <Button size="sm" onClick={props.onRun}>
          Run
        </Button>
        <Button variant="secondary" size="sm" onClick={props.onPanel} className="lg:hidden">
          Details
        </Button>
      </div>
    </div>
  );
}
