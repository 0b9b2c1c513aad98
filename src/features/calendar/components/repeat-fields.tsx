"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { MAX_COUNT } from "../limits";
import type { RepeatForm } from "./lib/rrule";

/** Repeat: none, daily, weekly or monthly; ending never, on a date, or after N times. */
export function RepeatFields({ value, onChange, error }: { value: RepeatForm; onChange: (next: RepeatForm) => void; error?: string }) {
  const set = (patch: Partial<RepeatForm>) => onChange({ ...value, ...patch });
  return (
    <div className="flex flex-col gap-3">
      <Field label="Repeat" error={value.freq === "none" ? undefined : error}>
        <Select value={value.freq} onChange={(e) => set({ freq: e.target.value as RepeatForm["freq"] })}>
          <option value="none">Does not repeat</option>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
          <option value="monthly">Monthly</option>
          {value.raw && <option value="custom">Custom ({value.raw})</option>}
        </Select>
      </Field>
      {value.freq !== "none" && value.freq !== "custom" && (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field label="Ends">
            <Select value={value.ends} onChange={(e) => set({ ends: e.target.value as RepeatForm["ends"] })}>
              <option value="never">Never</option>
              <option value="until">On a date</option>
              <option value="count">After a number of times</option>
            </Select>
          </Field>
          {value.ends === "until" && (
            <Field label="Last date">
              <Input type="date" value={value.until} onChange={(e) => set({ until: e.target.value })} />
            </Field>
          )}
          {value.ends === "count" && (
            <Field label="Occurrences">
              <Input type="number" inputMode="numeric" min={1} max={MAX_COUNT} value={value.count} onChange={(e) => set({ count: e.target.value })} />
            </Field>
          )}
        </div>
      )}
    </div>
  );
}
