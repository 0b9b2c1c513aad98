import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/logo";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center px-4 py-16 text-center">
      <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 top-0 h-80 bg-gradient-to-b from-brand-50 to-transparent" />
      <main className="relative flex flex-col items-center">
        <Logo href="/" size="lg" />
        <p className="mt-10 font-mono text-sm font-medium tracking-widest text-brand-700">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">Page not found</h1>
        <p className="mt-3 max-w-sm text-sm text-zinc-600">The page you asked for doesn&apos;t exist, or it moved. Check the address, or head back home.</p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Link href="/dashboard" className={buttonClass("primary")}>
            Go to the dashboard
          </Link>
          <a href="/api/docs" target="_blank" rel="noreferrer" className={buttonClass("secondary")}>
            API docs
          </a>
        </div>
      </main>
    </div>
  );
}
