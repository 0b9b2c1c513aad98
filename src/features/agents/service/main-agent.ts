import "server-only";
import type { AuthedContext } from "@/server/context";
import { ownAgent } from "./access";
import { toAgentDto, withModel } from "./dto";

/** POST /agents/{id}/create-main-agent: makes this the user's one main agent. */
export async function makeMainAgent({ db, viewer }: AuthedContext, id: string) {
  await ownAgent(db, viewer, id, "owner");
  const updated = await db.$transaction(async (tx) => {
    await tx.agent.updateMany({ where: { ownerId: viewer.userId, isMain: true, NOT: { id } }, data: { isMain: false } });
    return tx.agent.update({ where: { id }, data: { isMain: true }, include: withModel });
  });
  return toAgentDto(updated);
}
