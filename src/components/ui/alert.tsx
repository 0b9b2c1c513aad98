import clsx from "clsx";
import { AlertIcon, InfoIcon } from "./icons";

const tones = {
  error: "border-red-200 bg-red-50 text-red-800",
  info: "border-brand-100 bg-brand-50 text-zinc-800",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
} as const;

/** An inline message box; errors are announced (role="alert"). */
export function Alert({ tone = "error", className, children }: { tone?: keyof typeof tones; className?: string; children: React.ReactNode }) {
  const Icon = tone === "info" ? InfoIcon : AlertIcon;
  return (
    <div role={tone === "error" ? "alert" : undefined} className={clsx("flex gap-2.5 rounded-lg border px-3 py-2.5 text-sm", tones[tone], className)}>
      <Icon className={clsx("mt-0.5", tone === "info" ? "text-brand-600" : tone === "warning" ? "text-amber-600" : "text-red-600")} />
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
