"use client";

import { useQuery } from "@tanstack/react-query";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";

/**
 * A checkbox per built-in tool, with its description and the JSON Schema the model is shown; for a
 * chosen tool, a second checkbox makes its calls wait for your approval (with your TOTP code when on).
 */
export function ToolsPicker({
  value,
  onChange,
  approval = [],
  onApprovalChange,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  approval?: string[];
  onApprovalChange?: (v: string[]) => void;
}) {
  const trpc = useTRPC();
  const tools = useQuery({ ...trpc.agents.tools.queryOptions(), staleTime: Infinity });
  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name] : value.filter((n) => n !== name));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-medium text-zinc-900">Tools</legend>
      {tools.isError && <p className="text-sm text-red-700">Could not load the tools.</p>}
      {!tools.data && !tools.isError && <Skeleton className="h-16 w-full" />}
      {tools.data?.map((t) => (
        <div key={t.name} className="rounded-lg border border-zinc-200 p-3">
          <Checkbox label={<code className="font-mono">{t.name}</code>} description={t.description} checked={value.includes(t.name)} onChange={(e) => toggle(t.name, e.target.checked)} />
          {onApprovalChange && value.includes(t.name) && (
            <div className="mt-2 ml-6.5">
              <Checkbox
                label="Needs approval"
                description="Each call waits until you approve it on the Approvals page."
                checked={approval.includes(t.name)}
                onChange={(e) => onApprovalChange(e.target.checked ? [...approval, t.name] : approval.filter((n) => n !== t.name))}
              />
            </div>
          )}
          <details className="mt-1 ml-6.5 text-xs">
            <summary className="cursor-pointer text-zinc-500 hover:text-zinc-800">Input schema</summary>
            <pre className="mt-1 max-h-40 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] text-zinc-700">{JSON.stringify(t.input_schema, null, 2)}</pre>
          </details>
        </div>
      ))}
    </fieldset>
  );
}
