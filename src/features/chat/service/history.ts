import "server-only";
import type { ModelMessage } from "ai";
import type { DbTx } from "@/server/db/client";

export interface ChainRow {
  id: string;
  parent_id: string | null;
  role: string;
  content: string;
  status: string;
  depth: number;
}

/**
 * The branch ending at `headId`, oldest first, at most `limit` messages: one recursive query up the
 * parent links, so a long conversation is never loaded whole.
 */
export async function chainTo(db: DbTx, headId: string, limit: number): Promise<ChainRow[]> {
  const rows = await db.$queryRaw<ChainRow[]>`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, role, content, status, 1 AS depth FROM chat_messages WHERE id = ${headId}::uuid
      UNION ALL
      SELECT m.id, m.parent_id, m.role, m.content, m.status, c.depth + 1
      FROM chat_messages m JOIN chain c ON m.id = c.parent_id
      WHERE c.depth < ${limit}
    )
    SELECT id::text AS id, parent_id::text AS parent_id, role, content, status, depth FROM chain ORDER BY depth DESC`;
  return rows.map((r) => ({ ...r, depth: Number(r.depth) }));
}

/** What the model sees of the conversation: the text of each turn (failed, empty replies left out). */
export function toModelMessages(chain: ChainRow[]): ModelMessage[] {
  return chain
    .filter((m) => m.content.trim() !== "" && (m.role === "user" || m.role === "assistant"))
    .map((m) => (m.role === "user" ? { role: "user" as const, content: m.content } : { role: "assistant" as const, content: m.content }));
}
