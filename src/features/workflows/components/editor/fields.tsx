"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";

/** Small controlled inputs for the inspector: each reports the new value, the inspector writes it into the node's config. */

export const TEMPLATE_HINT = "Use {{ input.field }} or {{ nodes.<id>.output }} to insert data from the run.";

export function TextField({ label, value, onChange, error, hint, placeholder, mono }: {
  label: string;
  value: unknown;
  onChange: (value: string) => void;
  error?: string;
  hint?: React.ReactNode;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <Input value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} className={mono ? "font-mono" : undefined} />
    </Field>
  );
}

export function AreaField({ label, value, onChange, error, hint, rows = 4, mono }: {
  label: string;
  value: unknown;
  onChange: (value: string) => void;
  error?: string;
  hint?: React.ReactNode;
  rows?: number;
  mono?: boolean;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <Textarea value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} rows={rows} className={mono ? "font-mono text-xs sm:text-xs" : undefined} spellCheck={!mono} />
    </Field>
  );
}

/** Empty means "not set" (undefined), so optional numbers can be cleared. */
export function NumberField({ label, value, onChange, error, hint, min, max, step }: {
  label: string;
  value: unknown;
  onChange: (value: number | undefined) => void;
  error?: string;
  hint?: React.ReactNode;
  min?: number;
  max?: number;
  step?: number;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <Input
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={typeof value === "number" && Number.isFinite(value) ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    </Field>
  );
}

export function SelectField({ label, value, onChange, options, error, hint, placeholder }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  hint?: React.ReactNode;
  placeholder?: string;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <Select value={value} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A record of templates edited as rows of key and value (end's output, headers, a tool's input). */
export function MapField({ label, value, onChange, error, keyLabel = "Key", valueLabel = "Value" }: {
  label: string;
  value: unknown;
  onChange: (value: Record<string, string>) => void;
  error?: string;
  keyLabel?: string;
  valueLabel?: string;
}) {
  const entries = Object.entries((value && typeof value === "object" ? value : {}) as Record<string, string>);
  const write = (next: [string, string][]) => onChange(Object.fromEntries(next));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium text-zinc-800">{label}</legend>
      {entries.length === 0 && <p className="text-xs text-zinc-500">None yet.</p>}
      {entries.map(([key, val], i) => (
        <div key={i} className="flex items-start gap-2">
          <Input aria-label={`${label} ${i + 1}: ${keyLabel}`} value={key} className="w-1/3 font-mono" onChange={(e) => write(entries.map((en, j) => (j === i ? [e.target.value, en[1]] : en)))} />
          <Input aria-label={`${label} ${i + 1}: ${valueLabel}`} value={typeof val === "string" ? val : JSON.stringify(val)} className="flex-1" onChange={(e) => write(entries.map((en, j) => (j === i ? [en[0], e.target.value] : en)))} />
          <Button variant="ghost" size="icon" aria-label={`Remove ${label} ${i + 1}`} onClick={() => write(entries.filter((_, j) => j !== i))}>
            <TrashIcon />
          </Button>
        </div>
      ))}
      {error && <p className="text-sm text-red-700">{error}</p>}
      <Button variant="secondary" size="sm" className="self-start" onClick={() => write([...entries, [uniqueKey(entries), ""]])}>
        <PlusIcon /> Add {keyLabel.toLowerCase()}
      </Button>
    </fieldset>
  );
}

function uniqueKey(entries: [string, string][]) {
  const keys = new Set(entries.map(([k]) => k));
  for (let i = 1; ; i++) if (!keys.has(`key${i}`)) return `key${i}`;
}
