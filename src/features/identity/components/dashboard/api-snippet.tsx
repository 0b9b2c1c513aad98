import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { linkClass } from "../auth-card";

/** The first API call, ready to paste once you have a key. */
export function ApiSnippet({ origin }: { origin: string }) {
  const command = `curl -H "Authorization: Bearer <your key>" ${origin}/api/v1/users/me`;
  return (
    <Card aria-labelledby="api-title">
      <CardHeader title={<span id="api-title">Call the API</span>} description="Everything in the app is also an HTTP API. Try it with a personal key." />
      <CardBody className="flex flex-col gap-3">
        <div className="relative rounded-lg bg-zinc-900 text-zinc-100">
          <pre className="px-4 py-3.5 pr-12 font-mono text-[13px] leading-relaxed break-all whitespace-pre-wrap">
            <code>
              <span className="text-zinc-500 select-none">$ </span>
              {command}
            </code>
          </pre>
          <CopyButton value={command} what="command" size="icon" variant="inverse" className="absolute top-2 right-2" />
        </div>
        <p className="text-sm text-zinc-600">
          <Link href="/settings/api-keys" className={linkClass}>
            Create a key
          </Link>{" "}
          and put it in place of <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs">&lt;your key&gt;</code>. Browse every endpoint in the{" "}
          <a href="/api/docs" target="_blank" rel="noreferrer" className={linkClass}>
            API docs
          </a>
          .
        </p>
      </CardBody>
    </Card>
  );
}
