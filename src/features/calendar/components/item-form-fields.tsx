"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { FieldErrors } from "@/lib/form-errors";
import { ColorField } from "./color-field";
import { browserTimeZone } from "./lib/dates";
import type { ItemForm } from "./lib/item-form-model";
import { RepeatFields } from "./repeat-fields";
import { TimezoneSelect } from "./timezone-select";

interface Props {
  form: ItemForm;
  onChange: (patch: Partial<ItemForm>) => void;
  errors: FieldErrors;
}

function zoneHint(form: ItemForm) {
  if (form.allDay) return "All-day events fall on the same dates everywhere.";
  const mine = browserTimeZone();
  return form.timezone === mine ? undefined : `The times above are in ${form.timezone}; yours is ${mine}.`;
}

/** The fields of the create/edit dialog. Wrap in a disabled <fieldset> for read-only. */
export function ItemFormFields({ form, onChange, errors }: Props) {
  const text = (key: "title" | "location" | "description") => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ [key]: e.target.value });
  function setStartDate(value: string) {
    // Keep the length: moving the start moves the end with it.
    const shift = form.endDate >= form.startDate && value ? Date.parse(value) - Date.parse(form.startDate) : 0;
    const endDate = Number.isFinite(shift) && form.endDate ? new Date(Date.parse(form.endDate) + shift).toISOString().slice(0, 10) : value;
    onChange({ startDate: value, endDate });
  }
  return (
    <div className="flex flex-col gap-4">
      <Field label="Title" error={errors.title}>
        <Input name="title" value={form.title} onChange={text("title")} maxLength={255} autoFocus placeholder="e.g. Team sync" />
      </Field>
      <Checkbox label="All day" checked={form.allDay} onChange={(e) => onChange({ allDay: e.target.checked })} />
      <div className="grid grid-cols-2 gap-3">
        <Field label={form.allDay ? "First day" : "Start date"} error={errors.startDate}>
          <Input type="date" name="start_date" value={form.startDate} onChange={(e) => setStartDate(e.target.value)} />
        </Field>
        {!form.allDay && (
          <Field label="Start time" error={errors.startTime}>
            <Input type="time" name="start_time" step={300} value={form.startTime} onChange={(e) => onChange({ startTime: e.target.value })} />
          </Field>
        )}
        <Field label={form.allDay ? "Last day" : "End date"} error={errors.endDate} className={form.allDay ? undefined : "col-start-1"}>
          <Input type="date" name="end_date" value={form.endDate} onChange={(e) => onChange({ endDate: e.target.value })} />
        </Field>
        {!form.allDay && (
          <Field label="End time" error={errors.endTime}>
            <Input type="time" name="end_time" step={300} value={form.endTime} onChange={(e) => onChange({ endTime: e.target.value })} />
          </Field>
        )}
      </div>
      <Field label="Time zone" error={errors.timezone} hint={zoneHint(form)}>
        <TimezoneSelect value={form.timezone} onChange={(timezone) => onChange({ timezone })} />
      </Field>
      <RepeatFields value={form.repeat} onChange={(repeat) => onChange({ repeat })} error={errors.repeat} />
      <Field label="Location" error={errors.location}>
        <Input name="location" value={form.location} onChange={text("location")} maxLength={500} placeholder="Room, address or link" />
      </Field>
      <ColorField value={form.color} onChange={(color) => onChange({ color })} />
      <Field label="Description" error={errors.description}>
        <Textarea name="description" rows={3} value={form.description} onChange={text("description")} maxLength={2000} />
      </Field>
    </div>
  );
}
