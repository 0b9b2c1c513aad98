"use client";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { LOOP_BODY_TYPES, NODE_CATALOG, type NodeType } from "../../definition";
import { AreaField, MapField, NumberField, SelectField, TEMPLATE_HINT, TextField } from "./fields";

/** What the pickers offer: from `workflows.catalog()` and the workflow list. */
export interface Pickers {
  tools: { name: string; description: string }[];
  agents: { id: string; name: string }[];
  modelConfigs: { id: string; name: string }[];
  workflows: { id: string; name: string }[];
}

export const NO_PICKERS: Pickers = { tools: [], agents: [], modelConfigs: [], workflows: [] };

type Config = Record<string, unknown>;

/** Outside tools say where they come from: the user's MCP servers, or A2A agents they discovered. */
const toolLabel = (name: string) => (name.startsWith("mcp_") ? `${name} (MCP)` : name.startsWith("a2a_") ? `${name} (A2A agent)` : name);

/**
 * The form of one node type's config, field for field as in `nodeConfigs` (definition.ts). `error(path)`
 * gives the validation message for a field; every change writes the whole config back.
 */
export function ConfigForm({ type, config, onChange, error, pickers }: {
  type: NodeType;
  config: Config;
  onChange: (config: Config) => void;
  error: (path: string) => string | undefined;
  pickers: Pickers;
}) {
  const set = (key: string) => (value: unknown) => {
    const next = { ...config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const str = (key: string) => (typeof config[key] === "string" ? (config[key] as string) : "");

  switch (type) {
    case "start":
      return <InputSchemaEditor value={config.input_schema} onChange={set("input_schema")} error={error} />;
    case "end":
      return <MapField label="Output" keyLabel="Field" valueLabel="Template" value={config.output} onChange={set("output")} error={error("output")} />;
    case "llm":
      return (
        <>
          <SelectField
            label="Model"
            value={str("model_config_id") || "builtin"}
            onChange={(v) => set("model_config_id")(v === "builtin" ? null : v)}
            options={[{ value: "builtin", label: "Built-in offline model (no key)" }, ...pickers.modelConfigs.map((m) => ({ value: m.id, label: m.name }))]}
            error={error("model_config_id")}
          />
          <AreaField label="System prompt" value={config.system} onChange={set("system")} error={error("system")} rows={3} />
          <AreaField label="Prompt" value={config.prompt} onChange={set("prompt")} error={error("prompt")} hint={TEMPLATE_HINT} />
          <div className="grid grid-cols-2 gap-3">
            <NumberField label="Temperature" value={config.temperature} onChange={set("temperature")} min={0} max={2} step={0.1} error={error("temperature")} />
            <NumberField label="Max tokens" value={config.max_tokens} onChange={set("max_tokens")} min={1} max={32000} error={error("max_tokens")} />
          </div>
          <Checkbox label="Answer is JSON" description="The output is the parsed value" checked={config.json === true} onChange={(e) => set("json")(e.target.checked)} />
        </>
      );
    case "agent":
      return (
        <>
          <SelectField label="Agent" value={str("agent_id")} onChange={set("agent_id")} placeholder="Choose an agent" options={pickers.agents.map((a) => ({ value: a.id, label: a.name }))} error={error("agent_id")} />
          <AreaField label="Message" value={config.message} onChange={set("message")} error={error("message")} hint={TEMPLATE_HINT} />
        </>
      );
    case "tool": {
      const chosen = pickers.tools.find((t) => t.name === str("tool"));
      return (
        <>
          <SelectField label="Tool" value={str("tool")} onChange={set("tool")} placeholder="Choose a tool" options={pickers.tools.map((t) => ({ value: t.name, label: toolLabel(t.name) }))} error={error("tool")} hint={chosen?.description} />
          <MapField label="Tool input" keyLabel="Argument" valueLabel="Template" value={config.input} onChange={set("input")} error={error("input")} />
          {str("tool").startsWith("a2a_") && <p className="text-xs text-zinc-500">An outside A2A agent takes one argument, <code>message</code>; its answer is the step&apos;s <code>text</code>.</p>}
        </>
      );
    }
    case "http":
      return (
        <>
          <SelectField label="Method" value={str("method") || "GET"} onChange={set("method")} options={["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => ({ value: m, label: m }))} error={error("method")} />
          <TextField label="URL" value={config.url} onChange={set("url")} error={error("url")} placeholder="https://example.com/api/{{ input.id }}" hint={TEMPLATE_HINT} />
          <MapField label="Headers" keyLabel="Header" valueLabel="Template" value={config.headers} onChange={set("headers")} error={error("headers")} />
          <AreaField label="Body" value={config.body} onChange={(v) => set("body")(v === "" ? undefined : v)} error={error("body")} rows={3} />
          <NumberField label="Time limit (ms)" value={config.timeout_ms} onChange={set("timeout_ms")} min={100} max={30000} error={error("timeout_ms")} />
        </>
      );
    case "code":
      return (
        <>
          <AreaField label="JavaScript" value={config.source} onChange={set("source")} error={error("source")} rows={8} mono hint="`input` and `nodes` are globals; return the step's output." />
          <div className="grid grid-cols-2 gap-3">
            <NumberField label="Time limit (ms)" value={config.timeout_ms} onChange={set("timeout_ms")} min={10} max={5000} error={error("timeout_ms")} />
            <NumberField label="Memory (MB)" value={config.memory_mb} onChange={set("memory_mb")} min={1} max={64} error={error("memory_mb")} />
          </div>
        </>
      );
    case "condition":
      return <TextField label="Condition" value={config.expression} onChange={set("expression")} error={error("expression")} mono placeholder="input.amount > 100" hint="A JSONata expression: true takes the true branch." />;
    case "transform":
      return <AreaField label="Expression" value={config.expression} onChange={set("expression")} error={error("expression")} mono rows={4} hint="JSONata over {input, nodes}, e.g. nodes.fetch.output.body.items.title" />;
    case "switch":
      return <SwitchEditor config={config} onChange={onChange} error={error} />;
    case "loop":
      return <LoopEditor config={config} onChange={onChange} error={error} pickers={pickers} />;
    case "approval":
      return (
        <>
          <TextField label="Title" value={config.title} onChange={set("title")} error={error("title")} />
          <AreaField label="Description" value={config.description} onChange={set("description")} error={error("description")} rows={3} hint={TEMPLATE_HINT} />
          <NumberField label="Time limit (minutes)" value={config.timeout_minutes} onChange={set("timeout_minutes")} min={1} max={43200} error={error("timeout_minutes")} />
        </>
      );
    case "delay":
      return <NumberField label="Seconds" value={config.seconds} onChange={set("seconds")} min={0} max={86400} error={error("seconds")} />;
    case "subworkflow":
      return (
        <>
          <SelectField label="Workflow" value={str("workflow_id")} onChange={set("workflow_id")} placeholder="Choose a workflow" options={pickers.workflows.map((w) => ({ value: w.id, label: w.name }))} error={error("workflow_id")} />
          <MapField label="Input" keyLabel="Field" valueLabel="Template" value={config.input} onChange={set("input")} error={error("input")} />
        </>
      );
    case "schedule_trigger":
      return (
        <>
          <TextField label="Cron" value={config.cron} onChange={set("cron")} error={error("cron")} mono hint="minute hour day month weekday, e.g. 0 9 * * 1-5" />
          <TextField label="Time zone" value={config.timezone} onChange={set("timezone")} error={error("timezone")} placeholder="Europe/Berlin" />
        </>
      );
    default:
      return <p className="text-sm text-zinc-600">{NODE_CATALOG[type].description}. Nothing to set.</p>;
  }
}

interface InputField {
  name: string;
  type: string;
  required?: boolean;
  description?: string;
}

function InputSchemaEditor({ value, onChange, error }: { value: unknown; onChange: (v: InputField[]) => void; error: (path: string) => string | undefined }) {
  const fields = (Array.isArray(value) ? value : []) as InputField[];
  const update = (i: number, patch: Partial<InputField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-medium text-zinc-800">Input fields</legend>
      <p className="text-xs text-zinc-500">What a run is started with. Later nodes read them as {"{{ input.<name> }}"}.</p>
      {fields.map((f, i) => (
        <div key={i} className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-2.5">
          <div className="flex gap-2">
            <Input aria-label={`Input field ${i + 1} name`} value={f.name} placeholder="ticket_id" className="flex-1 font-mono" aria-invalid={Boolean(error(`input_schema.${i}.name`)) || undefined} onChange={(e) => update(i, { name: e.target.value })} />
            <Select aria-label={`Input field ${i + 1} type`} value={f.type} className="w-28" onChange={(e) => update(i, { type: e.target.value })}>
              {["string", "number", "boolean", "object", "array"].map((t) => (
                <option key={t}>{t}</option>
              ))}
            </Select>
            <Button variant="ghost" size="icon" aria-label={`Remove input field ${i + 1}`} onClick={() => onChange(fields.filter((_, j) => j !== i))}>
              <TrashIcon />
            </Button>
          </div>
          {error(`input_schema.${i}.name`) && <p className="text-sm text-red-700">{error(`input_schema.${i}.name`)}</p>}
          <Input aria-label={`Input field ${i + 1} description`} value={f.description ?? ""} placeholder="Description" onChange={(e) => update(i, { description: e.target.value })} />
          <Checkbox label="Required" checked={f.required === true} onChange={(e) => update(i, { required: e.target.checked })} />
        </div>
      ))}
      <Button variant="secondary" size="sm" className="self-start" onClick={() => onChange([...fields, { name: `field${fields.length + 1}`, type: "string", required: false, description: "" }])}>
        <PlusIcon /> Add input field
      </Button>
    </fieldset>
  );
}

function SwitchEditor({ config, onChange, error }: { config: Config; onChange: (c: Config) => void; error: (path: string) => string | undefined }) {
  const cases = (Array.isArray(config.cases) ? config.cases : []) as { value: string; label: string }[];
  const setCases = (next: typeof cases) => onChange({ ...config, cases: next });
  return (
    <>
      <TextField label="Value to match" value={config.expression} onChange={(v) => onChange({ ...config, expression: v })} error={error("expression")} mono placeholder="input.category" />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1.5 text-sm font-medium text-zinc-800">Cases</legend>
        {cases.map((c, i) => (
          <div key={i} className="flex gap-2">
            <Input aria-label={`Case ${i + 1} value`} placeholder="Value" value={c.value} className="flex-1" onChange={(e) => setCases(cases.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
            <Input aria-label={`Case ${i + 1} label`} placeholder="Label" value={c.label ?? ""} className="flex-1" onChange={(e) => setCases(cases.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
            <Button variant="ghost" size="icon" aria-label={`Remove case ${i + 1}`} onClick={() => setCases(cases.filter((_, j) => j !== i))}>
              <TrashIcon />
            </Button>
          </div>
        ))}
        {error("cases") && <p className="text-sm text-red-700">{error("cases")}</p>}
        <p className="text-xs text-zinc-500">No match takes the default branch.</p>
        <Button variant="secondary" size="sm" className="self-start" onClick={() => setCases([...cases, { value: "", label: "" }])} disabled={cases.length >= 20}>
          <PlusIcon /> Add case
        </Button>
      </fieldset>
    </>
  );
}

function LoopEditor({ config, onChange, error, pickers }: { config: Config; onChange: (c: Config) => void; error: (path: string) => string | undefined; pickers: Pickers }) {
  const body = (config.body ?? { type: "transform", config: {} }) as { type: string; config: Config };
  return (
    <>
      <TextField label="Items" value={config.items} onChange={(v) => onChange({ ...config, items: v })} error={error("items")} mono placeholder="input.items" hint="A JSONata expression giving the list (at most 1,000 items)." />
      <SelectField
        label="Step per item"
        value={body.type}
        onChange={(v) => onChange({ ...config, body: { type: v, config: {} } })}
        options={LOOP_BODY_TYPES.map((t) => ({ value: t, label: NODE_CATALOG[t].label }))}
        error={error("body.type")}
      />
      <div className="rounded-lg border border-zinc-200 p-3">
        <p className="mb-2 text-xs text-zinc-500">{"The step's settings; {{ item }} and {{ index }} are the current item."}</p>
        <ConfigForm
          type={body.type as NodeType}
          config={body.config ?? {}}
          onChange={(c) => onChange({ ...config, body: { ...body, config: c } })}
          error={(path) => error(`body.config.${path}`)}
          pickers={pickers}
        />
      </div>
      <NumberField label="Items at once" value={config.concurrency} onChange={(v) => onChange({ ...config, concurrency: v })} min={1} max={10} error={error("concurrency")} />
    </>
  );
}
