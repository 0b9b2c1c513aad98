import { PERMISSION } from "../../schemas";

export const PERMISSION_LABELS = [
  { bit: PERMISSION.view, label: "View" },
  { bit: PERMISSION.edit, label: "Edit" },
  { bit: PERMISSION.invite, label: "Invite" },
] as const;

/** The permissions an invitation offers, as small tags. */
export function PermissionTags({ bits }: { bits: number }) {
  const offered = PERMISSION_LABELS.filter((p) => bits & p.bit);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span className="sr-only">Offers: </span>
      {offered.map((p) => (
        <span key={p.label} className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700">{p.label}</span>
      ))}
    </span>
  );
}
