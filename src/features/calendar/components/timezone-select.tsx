"use client";

import { useMemo } from "react";
import { Select } from "@/components/ui/select";

function zones(current: string) {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf("timeZone");
  } catch {
    all = [];
  }
  return [...new Set([current, "UTC", ...all])].filter(Boolean).sort((a, b) => a.localeCompare(b));
}

/** Every IANA zone the browser knows; the current value is always among them. */
export function TimezoneSelect({ value, onChange, name = "timezone" }: { value: string; onChange: (tz: string) => void; name?: string }) {
  const options = useMemo(() => zones(value), [value]);
  return (
    <Select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
      {options.map((tz) => (
        <option key={tz} value={tz}>
          {tz.replace(/_/g, " ")}
        </option>
      ))}
    </Select>
  );
}
