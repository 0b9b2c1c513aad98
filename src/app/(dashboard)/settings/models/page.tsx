import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { ModelsView } from "@/features/models/components/models-view";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  await requireSession("/settings/models");
  return <ModelsView />;
}
