"use client";

import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

const Prefix = ({ value }: { value: string }) => (
  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{value}…</code>
);
const LastUsed = ({ value }: { value: string | null }) => (value ? <LocalTime value={value} withTime /> : <span className="text-zinc-500">Never</span>);

/** A table from sm up; stacked cards on phones. */
export function ApiKeyList({ keys, onRevoke }: { keys: ApiKeySummary[]; onRevoke: (key: ApiKeySummary) => void }) {
  const revoke = (key: ApiKeySummary) => (
    <Button variant="danger-ghost" size="sm" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
      Revoke
    </Button>
  );

  return (
    <>
      <table className="hidden w-full text-left text-sm sm:table">
        <caption className="sr-only">Your API keys</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50/70 text-xs font-medium tracking-wide text-zinc-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-3 font-medium">Name</th>
            <th scope="col" className="px-3 py-3 font-medium">Key</th>
            <th scope="col" className="px-3 py-3 font-medium">Created</th>
            <th scope="col" className="px-3 py-3 font-medium">Last used</th>
            <th scope="col" className="px-5 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {keys.map((key) => (
            <tr key={key.id} className="hover:bg-zinc-50/60">
              <th scope="row" className="max-w-56 truncate px-5 py-3 font-medium text-zinc-900">{key.name}</th>
              <td className="px-3 py-3"><Prefix value={key.prefix} /></td>
              <td className="px-3 py-3 whitespace-nowrap text-zinc-600"><LocalTime value={key.created_at} /></td>
              <td className="px-3 py-3 whitespace-nowrap text-zinc-600"><LastUsed value={key.last_used_at} /></td>
              <td className="px-5 py-2 text-right">{revoke(key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-zinc-100 sm:hidden" aria-label="Your API keys">
        {keys.map((key) => (
          <li key={key.id} className="flex items-start justify-between gap-3 px-4 py-4">
            <div className="min-w-0">
              <p className="truncate font-medium text-zinc-900">{key.name}</p>
              <p className="mt-1"><Prefix value={key.prefix} /></p>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-zinc-600">
                <dt className="text-zinc-500">Created</dt>
                <dd><LocalTime value={key.created_at} /></dd>
                <dt className="text-zinc-500">Last used</dt>
                <dd><LastUsed value={key.last_used_at} /></dd>
              </dl>
            </div>
            {revoke(key)}
          </li>
        ))}
      </ul>
    </>
  );
}
