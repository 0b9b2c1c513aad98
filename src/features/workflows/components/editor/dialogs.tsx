"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { WorkflowDefinition } from "../../definition";

/** Save with an optional message kept with the version. */
export function SaveDialog({ open, onOpenChange, pending, onSave }: { open: boolean; onOpenChange: (open: boolean) => void; pending: boolean; onSave: (message: string) => void }) {
  const [message, setMessage] = useState("");
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent title="Save a new version" description="Every save is kept; you can compare and roll back later.">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSave(message.trim());
            setMessage("");
          }}
        >
          <Field label="What changed (optional)">
            <Input value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} placeholder="Added an approval before sending" />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              Save version
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A sample input from the start node's fields, so a first run needs no typing. */
export function sampleInput(definition: WorkflowDefinition): Record<string, unknown> {
  const start = definition.nodes.find((n) => n.type === "start");
  const fields = (start?.config.input_schema ?? []) as { name: string; type: string }[];
  const sample: Record<string, unknown> = {};
  for (const f of Array.isArray(fields) ? fields : []) {
    sample[f.name] = { string: "", number: 0, boolean: false, object: {}, array: [] }[f.type] ?? "";
  }
  return sample;
}

/** Start a run with a JSON input. `dirty`: the run would use the last saved version, so offer to save first. */
export function RunDialog({ open, onOpenChange, definition, version, dirty, pending, error, onRun }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  definition: WorkflowDefinition;
  version: number;
  dirty: boolean;
  pending: boolean;
  error?: string;
  onRun: (input: Record<string, unknown>) => void;
}) {
  const [text, setText] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string>();
  const value = text ?? JSON.stringify(sampleInput(definition), null, 2);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (!next) setText(null);
        onOpenChange(next);
      }}
    >
      <DialogContent title="Run the workflow" description={dirty ? `You have unsaved changes: they are saved as a new version first.` : `Runs version ${version}.`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            let input: unknown;
            try {
              input = JSON.parse(value || "{}");
            } catch (err) {
              setParseError(`Not valid JSON: ${(err as Error).message}`);
              return;
            }
            if (!input || typeof input !== "object" || Array.isArray(input)) {
              setParseError("The input is a JSON object, like {\"name\": \"Ada\"}");
              return;
            }
            setParseError(undefined);
            onRun(input as Record<string, unknown>);
          }}
        >
          <Field label="Input (JSON)" error={parseError ?? error} hint="The start node's fields; later nodes read them as {{ input.<name> }}.">
            <Textarea value={value} onChange={(e) => setText(e.target.value)} rows={8} className="font-mono text-xs sm:text-xs" spellCheck={false} />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              {dirty ? "Save and run" : "Start run"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const SHORTCUTS: [string, string][] = [
  ["Ctrl/⌘ + Z", "Undo"],
  ["Ctrl/⌘ + Shift + Z, Ctrl + Y", "Redo"],
  ["Ctrl/⌘ + C", "Copy the selected nodes"],
  ["Ctrl/⌘ + V", "Paste them (with new ids)"],
  ["Delete, Backspace", "Delete the selection"],
  ["Ctrl/⌘ + S", "Save"],
  ["Shift + click, drag a box with Shift", "Select several nodes"],
  ["?", "This list"],
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Keyboard shortcuts" description="In the editor, outside text fields. Nodes can also be added from the palette with Enter.">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs">{keys}</kbd>
              </dt>
              <dd className="text-zinc-700">{what}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}

/** Someone saved a newer version while this one was being edited. */
export function ConflictDialog({ open, onOpenChange, message, onReload }: { open: boolean; onOpenChange: (open: boolean) => void; message: string; onReload: () => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Someone saved a newer version" description={message}>
        <p className="text-sm text-zinc-700">Reload to see their version (your unsaved changes are lost), or keep editing and copy what you need first.</p>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Keep editing</Button>
          </DialogClose>
          <Button onClick={onReload}>Reload</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
