import type { Metadata } from "next";
import { NewAgent } from "@/features/agents/components/designer/new-agent";
import { requireSession } from "@/features/identity/session";

export const metadata: Metadata = { title: "New agent" };

export default async function NewAgentPage() {
  await requireSession("/agents/new");
  return <NewAgent />;
}
