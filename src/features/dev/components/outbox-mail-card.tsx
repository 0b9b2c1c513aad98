import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { MailIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";

interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}

export function OutboxMailCard({ mail, code }: { mail: Mail; code: string | null }) {
  return (
    <Card as="article" aria-labelledby={`mail-${mail.id}`} className="overflow-hidden">
      <header className="flex flex-col gap-1 border-b border-zinc-100 px-4 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4 sm:px-5">
        <div className="min-w-0">
          <h2 id={`mail-${mail.id}`} className="font-medium text-zinc-900">
            {mail.subject}
          </h2>
          <p className="mt-0.5 flex items-center gap-1.5 text-sm text-zinc-600">
            <MailIcon className="text-zinc-400" />
            <span className="truncate">{mail.to}</span>
          </p>
        </div>
        <LocalTime value={mail.createdAt.toISOString()} withTime className="shrink-0 text-xs text-zinc-500 sm:pt-1" />
      </header>
      {code && (
        <div className="flex flex-wrap items-center gap-3 bg-brand-50/60 px-4 py-3 sm:px-5">
          <span className="text-xs font-medium tracking-wide text-zinc-600 uppercase">Code</span>
          <output data-testid="outbox-code" className="font-mono text-2xl font-semibold tracking-[0.25em] text-zinc-900 select-all">
            {code}
          </output>
          <CopyButton value={code} what="code" className="ml-auto" />
        </div>
      )}
      <pre className="overflow-x-auto px-4 py-3 font-mono text-[13px] leading-relaxed whitespace-pre-wrap text-zinc-700 sm:px-5">{mail.text}</pre>
    </Card>
  );
}
