"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { BUILTIN, INLINE } from "./form-model";

/** Your model configs, plus the built-in offline model (and an imported provider + model, if any). */
export function ModelPicker({ value, onChange, inlineLabel, error }: { value: string; onChange: (v: string) => void; inlineLabel?: string; error?: string }) {
  const trpc = useTRPC();
  const configs = useQuery(trpc.models.list.queryOptions());
  const own = (configs.data ?? []).filter((c) => c.provider !== "builtin");
  return (
    <Field
      label="Model"
      error={error ?? (configs.isError ? "Could not load your model configs" : undefined)}
      hint={
        <>
          Add providers in{" "}
          <Link href="/settings/models" className="text-brand-700 underline">
            Model settings
          </Link>
          .
        </>
      }
    >
      <Select value={value} onChange={(e) => onChange(e.target.value)} disabled={configs.isPending}>
        <option value={BUILTIN}>Built-in offline model (no AI)</option>
        {inlineLabel && <option value={INLINE}>{inlineLabel}</option>}
        {own.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.provider} · {c.model_name}){c.is_default ? " ★" : ""}
          </option>
        ))}
      </Select>
    </Field>
  );
}
