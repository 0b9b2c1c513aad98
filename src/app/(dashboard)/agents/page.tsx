import type { Metadata } from "next";
import { AgentsView } from "@/features/agents/components/agents-view";
import { requireSession } from "@/features/identity/session";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  await requireSession("/agents");
  return <AgentsView />;
}
