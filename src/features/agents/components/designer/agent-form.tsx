"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { AgentDto } from "../../schemas";
import { BUILTIN, formOf, emptyForm, validate, type AgentForm } from "./form-model";
import { ModelPicker } from "./model-picker";
import { ToolsPicker } from "./tools-picker";

type Errors = Partial<Record<keyof AgentForm, string>>;

/** The designer's fields. The parent saves; `serverErrors` come back from it. Remount (key) after a save. */
export function AgentFormFields({ agent, saving, serverErrors, onSave, savedNote }: {
  agent?: AgentDto;
  saving: boolean;
  serverErrors: Errors;
  onSave: (form: AgentForm) => void;
  savedNote?: string;
}) {
  const [form, setForm] = useState<AgentForm>(() => (agent ? formOf(agent) : emptyForm));
  const [errors, setErrors] = useState<Errors>({});
  const set = <K extends keyof AgentForm>(key: K, value: AgentForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const shown = { ...serverErrors, ...errors };
  const m = agent?.model_config;
  const inlineLabel = m && !m.model_config_id && m.provider !== "builtin" ? `${m.provider} · ${m.model_name} (your config for ${m.provider})` : undefined;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const problems = validate(form);
    setErrors(problems);
    if (Object.keys(problems).length === 0) onSave(form);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-5">
      <Field label="Name" error={shown.name}>
        <Input value={form.name} onChange={(e) => set("name", e.target.value)} maxLength={100} required autoComplete="off" />
      </Field>
      <Field label="Description" error={shown.description}>
        <Textarea rows={2} value={form.description} onChange={(e) => set("description", e.target.value)} />
      </Field>
      <Field
        label="System prompt"
        error={shown.system_prompt}
        aside={<span className="text-xs text-zinc-500 tabular-nums">{form.system_prompt.length.toLocaleString()} / 50,000</span>}
      >
        <Textarea
          rows={12}
          value={form.system_prompt}
          onChange={(e) => set("system_prompt", e.target.value)}
          spellCheck={false}
          className="min-h-64 font-mono text-[13px] sm:text-[13px]"
          placeholder="You are a helpful assistant that…"
        />
      </Field>
      <ModelPicker value={form.model} onChange={(v) => set("model", v)} inlineLabel={inlineLabel} error={shown.model} />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          id="agent-temperature"
          label="Temperature"
          error={shown.temperature}
          hint={form.model === BUILTIN ? "The built-in model ignores temperature." : "0 is focused, 2 is creative."}
          aside={<span className="text-xs text-zinc-600 tabular-nums">{form.temperature === null ? "default" : form.temperature.toFixed(1)}</span>}
        >
          <input
            id="agent-temperature"
            type="range"
            min={0}
            max={2}
            step={0.1}
            value={form.temperature ?? 0.7}
            disabled={form.model === BUILTIN}
            onChange={(e) => set("temperature", Number(e.target.value))}
            className="h-10 w-full accent-brand-600 disabled:opacity-50"
          />
        </Field>
        <Field label="Iteration limit" error={shown.iteration_limit} hint="Most model calls per reply (each tool round is one).">
          <Input type="number" min={1} max={50} value={form.iteration_limit} onChange={(e) => set("iteration_limit", Number(e.target.value))} />
        </Field>
      </div>
      <ToolsPicker value={form.include_tools} onChange={(v) => set("include_tools", v)} approval={form.approval_tools} onApprovalChange={(v) => set("approval_tools", v)} />
      <div className="flex items-center gap-3">
        <Button type="submit" loading={saving}>
          {agent ? "Save" : "Create agent"}
        </Button>
        {savedNote && (
          <span role="status" className="text-sm text-emerald-700">
            {savedNote}
          </span>
        )}
      </div>
    </form>
  );
}
