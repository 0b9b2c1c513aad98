import clsx from "clsx";
import Link from "next/link";

/** The Atrium mark: an open archway. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={clsx("size-8 shrink-0", className)}>
      <rect width="32" height="32" rx="9" className="fill-brand-600" />
      <path d="M10 23v-8a6 6 0 0 1 12 0v8" fill="none" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
      <path d="M7 23h18" stroke="white" strokeOpacity="0.6" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

export function Logo({ href = "/", className, size = "md" }: { href?: string; className?: string; size?: "md" | "lg" }) {
  return (
    <Link href={href} className={clsx("inline-flex items-center gap-2.5 rounded-lg", className)}>
      <LogoMark className={size === "lg" ? "size-10" : "size-8"} />
      <span className={clsx("font-semibold tracking-tight text-zinc-900", size === "lg" ? "text-2xl" : "text-lg")}>Atrium</span>
    </Link>
  );
}
