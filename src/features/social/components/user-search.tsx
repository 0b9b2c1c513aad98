"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { CheckIcon, SearchIcon, UserPlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { ListSkeleton } from "@/components/ui/query-list";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { PersonRow } from "./person-row";
import { SendRequestDialog, type Person } from "./send-request-dialog";

const MIN_LENGTH = 2;

/** Find people by username (fuzzy) or exact e-mail; each result shows what you can do next. */
export function UserSearch() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const debounced = useDebouncedValue(query.trim(), 300);
  const active = debounced.length >= MIN_LENGTH;
  const results = useQuery({ ...trpc.identity.search.queryOptions({ query: debounced || "-" }), enabled: active });
  const me = useQuery(trpc.identity.me.queryOptions());
  const friends = useQuery(trpc.social.friends.queryOptions());
  const incoming = useQuery(trpc.social.incoming.queryOptions());
  const outgoing = useQuery(trpc.social.outgoing.queryOptions());
  const [target, setTarget] = useState<Person | null>(null);

  function actionFor(person: Person) {
    if (friends.data?.some((f) => f.friend_id === person.id)) {
      return <span className="inline-flex items-center gap-1 text-sm text-emerald-700"><CheckIcon /> Friends</span>;
    }
    if (outgoing.data?.some((r) => r.to_user_id === person.id)) return <span className="text-sm text-zinc-500">Request sent</span>;
    if (incoming.data?.some((r) => r.from_user_id === person.id)) {
      return <Button asChild variant="secondary" size="sm"><Link href="/friends?tab=incoming">Respond to request</Link></Button>;
    }
    return (
      <Button size="sm" onClick={() => setTarget(person)} aria-label={`Add ${person.username} as a friend`}>
        <UserPlusIcon /> Add friend
      </Button>
    );
  }

  const people = (results.data ?? []).filter((p) => p.id !== me.data?.id);
  const waiting = active && (results.isFetching || debounced !== query.trim());
  return (
    <Card>
      <div className="px-4 pt-4 pb-4 sm:px-5">
        <Field label="Find people" hint="Search by username, or enter someone's exact e-mail address.">
          <div className="relative">
            <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-zinc-400" />
            <Input type="search" name="q" placeholder="Username or e-mail" autoComplete="off" spellCheck={false} value={query} onChange={(e) => setQuery(e.target.value)} className="pl-9" />
            {waiting && <Spinner className="absolute top-1/2 right-3 size-4 -translate-y-1/2 text-zinc-400" label="Searching" />}
          </div>
        </Field>
      </div>
      {active && (
        <div className="border-t border-zinc-100" aria-live="polite">
          {results.isError ? (
            <p role="alert" className="px-5 py-6 text-sm text-red-700">Search failed: {errorText(results.error)}</p>
          ) : !results.data ? (
            <ListSkeleton label="Searching" rows={2} avatar />
          ) : people.length === 0 ? (
            <p className="px-5 py-6 text-sm text-zinc-600">No one matches “{debounced}”.</p>
          ) : (
            <ul aria-label="Search results" className="divide-y divide-zinc-100">
              {people.map((p) => (
                <PersonRow key={p.id} name={p.username} avatarUrl={p.avatar_url} detail={p.bio} actions={actionFor(p)} />
              ))}
            </ul>
          )}
        </div>
      )}
      <SendRequestDialog target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
