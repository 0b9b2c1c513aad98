"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ActivityIcon, PlusIcon, SearchIcon } from "@/components/ui/icons";
import { Pager } from "@/components/ui/pager";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { SearchInput } from "@/components/ui/search-input";
import { Select } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { AgentList } from "./agent-list";
import { ImportButton } from "./import-button";
import { AGENTS_PAGE_SIZE, agentsListInput } from "./list-input";

type Status = "" | "draft" | "deployed" | "stopped";

export function AgentsView() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status>("");
  const [page, setPage] = useState(1);
  const debounced = useDebouncedValue(search.trim(), 300);
  const agents = useQuery({
    ...trpc.agents.list.queryOptions(agentsListInput(page, debounced, status)),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(debounced || status);
  const newButton = (
    <Button asChild>
      <Link href="/agents/new">
        <PlusIcon />
        New agent
      </Link>
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Agents"
        description="Design agents with a prompt, a model and tools; chat with them in the playground."
        actions={
          <>
            <ImportButton />
            {newButton}
          </>
        }
      />
      <div className="mb-4 flex flex-col gap-2 sm:flex-row">
        <SearchInput
          className="flex-1"
          label="Search agents by name"
          placeholder="Search agents"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        <Select
          aria-label="Filter by status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status);
            setPage(1);
          }}
          className="sm:w-44"
        >
          <option value="">All statuses</option>
          <option value="draft">Draft</option>
          <option value="deployed">Deployed</option>
          <option value="stopped">Stopped</option>
        </Select>
      </div>
      <Card className="overflow-hidden">
        <QueryList
          query={agents}
          what="your agents"
          skeleton={<ListSkeleton label="Loading your agents" action />}
          isEmpty={(data) => data.items.length === 0}
          empty={
            filtered ? (
              <EmptyState icon={<SearchIcon />} title="No agents match" description="Try another name or status." />
            ) : (
              <EmptyState icon={<ActivityIcon />} title="No agents yet" description="Create your first agent, or import one exported from Atrium." action={newButton} />
            )
          }
        >
          {(data) => <AgentList agents={data.items} />}
        </QueryList>
      </Card>
      {agents.data && <Pager page={page} pageSize={AGENTS_PAGE_SIZE} total={agents.data.total} what="agents" onPage={setPage} />}
    </>
  );
}
