"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchIcon, WorkflowIcon } from "@/components/ui/icons";
import { Pager } from "@/components/ui/pager";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { SearchInput } from "@/components/ui/search-input";
import { useTRPC } from "@/lib/trpc/client";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { BatchBar } from "./batch-bar";
import { ImportDialog } from "./import-dialog";
import { workflowsListInput, WORKFLOWS_PAGE_SIZE } from "./list-input";
import { NewWorkflowDialog } from "./new-workflow-dialog";
import { TemplateGallery } from "./template-gallery";
import { WorkflowRows } from "./workflow-rows";

/** /workflows: the person's workflows, a template gallery, import, and batch export/delete. */
export function WorkflowsView() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const debounced = useDebouncedValue(search.trim(), 300);
  const workflows = useQuery({ ...trpc.workflows.list.queryOptions(workflowsListInput(page, debounced)), placeholderData: keepPreviousData });
  const toggle = (id: string) =>
    setChosen((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const total = workflows.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title="Workflows"
        description="Chain models, agents, tools and people into runs you can watch, schedule and call by webhook."
        actions={
          <>
            <Button asChild variant="ghost">
              <Link href="/workflows/monitoring">Monitoring</Link>
            </Button>
            <ImportDialog />
            <NewWorkflowDialog />
          </>
        }
      />
      <div className="mb-4">
        <SearchInput
          label="Search workflows by name"
          placeholder="Search workflows"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
      </div>
      <BatchBar chosen={[...chosen]} onDone={() => setChosen(new Set())} />
      <Card className="overflow-hidden">
        <QueryList
          query={workflows}
          what="your workflows"
          skeleton={<ListSkeleton label="Loading your workflows" action />}
          isEmpty={(data) => data.items.length === 0}
          empty={
            debounced ? (
              <EmptyState icon={<SearchIcon />} title="No workflows match" description="Try another name." />
            ) : (
              <EmptyState icon={<WorkflowIcon />} title="No workflows yet" description="Start from a template below, create an empty one, or import one exported from Atrium." action={<NewWorkflowDialog />} />
            )
          }
        >
          {(data) => <WorkflowRows items={data.items} chosen={chosen} onToggle={toggle} />}
        </QueryList>
      </Card>
      <Pager page={page} pageSize={WORKFLOWS_PAGE_SIZE} total={total} what="workflows" onPage={setPage} />
      <TemplateGallery />
    </>
  );
}
