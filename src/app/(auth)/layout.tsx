import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col bg-zinc-50">
      <div aria-hidden="true" className="pointer-events-none absolute inset-x-0 top-0 h-80 bg-gradient-to-b from-brand-50 to-transparent" />
      <main className="relative flex flex-1 flex-col items-center justify-center px-4 py-10 sm:py-16">
        <div className="w-full max-w-[25rem]">
          <div className="mb-8 flex flex-col items-center text-center">
            <Logo size="lg" />
            <p className="mt-3 text-sm text-zinc-600">Where people and AI agents work together.</p>
          </div>
          {children}
        </div>
      </main>
      <footer className="relative pb-6 text-center text-xs text-zinc-500">
        <a href="/api/docs" className="hover:text-zinc-800 hover:underline" target="_blank" rel="noreferrer">
          API docs
        </a>
        <span aria-hidden="true" className="mx-2">·</span>
        <span>Open source, Apache-2.0</span>
      </footer>
    </div>
  );
}
