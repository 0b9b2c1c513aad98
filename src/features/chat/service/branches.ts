import "server-only";
import { ownSession } from "./access";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { requirePermission } from "@/features/permissions/service/check";
import type { DbTx } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import type { branch, branchCreate, branchPageQuery, branchResume } from "../branch-schemas";
import { historyPage } from "./history";
import type { RunHandle } from "../runs/start";
import { startChat } from "./run";

type Branch = z.infer<typeof branch>;

interface Node {
  id: string;
  parent_id: string | null;
  role: string;
  preview: string;
  created_at: Date;
}

/** The shape of a session's tree: ids, parents and a short preview, never whole message bodies. */
class Skeleton {
  readonly byId: Map<string, Node>;
  readonly children = new Map<string | null, Node[]>();
  constructor(
    readonly sessionId: string,
    readonly headId: string | null,
    nodes: Node[],
  ) {
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    for (const n of nodes) {
      const list = this.children.get(n.parent_id) ?? [];
      list.push(n);
      this.children.set(n.parent_id, list);
    }
  }

  childCount(id: string | null) {
    return this.children.get(id)?.length ?? 0;
  }

  /** Root → tip. */
  path(tipId: string): Node[] {
    const out: Node[] = [];
    for (let n = this.byId.get(tipId); n; n = n.parent_id ? this.byId.get(n.parent_id) : undefined) out.push(n);
    return out.reverse();
  }

  /** The messages only the branch ending at `tipId` has: up from a leaf while the parent has no other child. */
  exclusive(tipId: string): Node[] {
    if (this.childCount(tipId) > 0) return [];
    const out: Node[] = [];
    let n = this.byId.get(tipId);
    while (n) {
      out.push(n);
      if (this.childCount(n.parent_id) !== 1) break;
      n = n.parent_id ? this.byId.get(n.parent_id) : undefined;
    }
    return out.reverse();
  }

  leaves(): Node[] {
    return [...this.byId.values()].filter((n) => this.childCount(n.id) === 0);
  }

  describe(tipId: string, index: number): Branch {
    const path = this.path(tipId);
    const tip = path[path.length - 1];
    const own = this.exclusive(tipId);
    const firstUser = own.find((n) => n.role === "user") ?? [...path].reverse().find((n) => n.role === "user");
    const onPath = this.headId !== null && path.some((n) => n.id === this.headId);
    return {
      id: tip.id,
      session_id: this.sessionId,
      name: `Branch ${index + 1}`,
      label: firstUser ? shorten(firstUser.preview, 60) : "",
      fork_message_id: own[0]?.id ?? null,
      length: path.length,
      is_leaf: this.childCount(tip.id) === 0,
      // The session continues here: the head is the tip, or one of the messages only this branch has.
      is_current: this.headId === tip.id || (onPath && own.some((n) => n.id === this.headId)),
      last_message: { id: tip.id, role: tip.role, preview: shorten(tip.preview, 120), created_at: tip.created_at.toISOString() },
    };
  }

  /** Every leaf as a branch, in the order the branches were started (their first own message). */
  branches(): Branch[] {
    const started = (leafId: string) => (this.exclusive(leafId)[0] ?? this.byId.get(leafId)!).created_at.getTime();
    return this.leaves()
      .sort((a, b) => started(a.id) - started(b.id) || a.created_at.getTime() - b.created_at.getTime())
      .map((leaf, i) => this.describe(leaf.id, i));
  }

  /** A branch by its tip: a leaf is named as in the list; an inner message is a branch of its own. */
  branch(tipId: string): Branch {
    const list = this.branches();
    const found = list.find((b) => b.id === tipId);
    return found ?? this.describe(tipId, list.length);
  }
}

function shorten(text: string, max: number) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}



async function skeletonOf(db: DbTx, session: { id: string; headMessageId: string | null }) {
  const nodes = await db.$queryRaw<Node[]>`
    SELECT id::text AS id, parent_id::text AS parent_id, role, left(content, 200) AS preview, created_at
    FROM chat_messages WHERE session_id = ${session.id}::uuid ORDER BY created_at, id`;
  return new Skeleton(session.id, session.headMessageId, nodes);
}

/** The viewer's message (by id) and its session, else 404. */
async function ownMessage(db: DbTx, userId: string, messageId: string) {
  const message = await db.chatMessage.findFirst({ where: { id: messageId, session: { userId } }, include: { session: true } });
  if (!message) throw notFound("Branch");
  return message;
}

/** GET /agent-chat/branches?session_id=: one branch per leaf of the session's tree. */
export async function listBranches({ db, viewer }: AuthedContext, sessionId: string) {
  const session = await ownSession(db, viewer.userId, sessionId);
  return { session_id: session.id, items: (await skeletonOf(db, session)).branches() };
}

/** GET /agent-chat/branches/{branch_id}: the branch and one page of its messages, root → tip. */
export async function getBranch({ db, viewer }: AuthedContext, branchId: string, q: z.infer<typeof branchPageQuery>) {
  const tip = await ownMessage(db, viewer.userId, branchId);
  const skeleton = await skeletonOf(db, tip.session);
  let from: string | null = tip.id;
  if (q.before) {
    const anchor = skeleton.byId.get(q.before);
    if (!anchor || !skeleton.path(tip.id).some((n) => n.id === anchor.id)) throw notFound("Message");
    from = anchor.parent_id;
  }
  return { branch: skeleton.branch(tip.id), ...(await historyPage(db, from, q.limit)) };
}

/**
 * POST /agent-chat/branches. Without `message`: the session now continues from `from_message_id`
 * (the next chat message forks there) and the branch is the answer. With `message`: a user message
 * is edited (the new message becomes its sibling, under the same parent) and any other message is
 * continued from; the agent's reply is started as a run, delivered by the surface (as JSON with
 * `branchOfReply`, or as the chat stream).
 */
export async function createBranch(ctx: AuthedContext, input: z.infer<typeof branchCreate>): Promise<{ branch: Branch; reply: null } | { run: RunHandle }> {
  const { db, viewer } = ctx;
  const session = await ownSession(db, viewer.userId, input.session_id);
  const from = await db.chatMessage.findFirst({ where: { id: input.from_message_id, sessionId: session.id } });
  if (!from) throw notFound("Message");
  if (!input.message) {
    await db.chatSession.update({ where: { id: session.id }, data: { headMessageId: from.id } });
    const skeleton = await skeletonOf(db, { id: session.id, headMessageId: from.id });
    return { branch: skeleton.branch(from.id), reply: null };
  }
  const parentId = from.role === "user" ? from.parentId : from.id;
  await db.chatSession.update({ where: { id: session.id }, data: { headMessageId: parentId } });
  const chat = { message: input.message, session_id: session.id, streamlined: input.streamlined, continue_on_disconnect: input.continue_on_disconnect };
  return { run: await startChat(ctx, session.agentId, chat) };
}

/** The branch a reply ended (named by the reply's message). */
export async function branchOfReply({ db }: AuthedContext, sessionId: string, messageId: string) {
  return (await skeletonOf(db, { id: sessionId, headMessageId: messageId })).branch(messageId);
}

/**
 * POST /agent-chat/branches/{branch_id}/resume: continue the conversation from the branch's tip;
 * the reply (whose `message_id` names the continued branch) is started as a chat run.
 */
export async function resumeBranch(ctx: AuthedContext, branchId: string, input: z.infer<typeof branchResume>): Promise<RunHandle> {
  const tip = await ownMessage(ctx.db, ctx.viewer.userId, branchId);
  await ctx.db.chatSession.update({ where: { id: tip.sessionId }, data: { headMessageId: tip.id } });
  return startChat(ctx, tip.session.agentId, { message: input.message, session_id: tip.sessionId, streamlined: input.streamlined, continue_on_disconnect: input.continue_on_disconnect });
}

/**
 * DELETE /agent-chat/branches/{branch_id}: removes the messages only this branch has, never ones it
 * shares with another branch. The tip must be a leaf (409 otherwise), and a session's only branch
 * is kept (409: delete the conversation instead). When the session continued from a removed
 * message it now continues from the latest remaining leaf.
 */
export async function deleteBranch({ db, viewer }: AuthedContext, branchId: string): Promise<void> {
  await requirePermission(db, viewer, "chat:delete");
  const tip = await ownMessage(db, viewer.userId, branchId);
  const skeleton = await skeletonOf(db, tip.session);
  if (skeleton.childCount(tip.id) > 0) throw conflict("This message has replies: delete the branches below it instead");
  const own = skeleton.exclusive(tip.id);
  const leaves = skeleton.leaves();
  if (leaves.length <= 1) throw conflict("This is the conversation's only branch; delete the conversation instead");
  const removed = new Set(own.map((n) => n.id));
  await db.$transaction(async (tx) => {
    // Parent links cascade: deleting the branch's first own message removes the rest of it.
    await tx.chatMessage.delete({ where: { id: own[0].id } });
    if (tip.session.headMessageId && removed.has(tip.session.headMessageId)) {
      const next = leaves.filter((l) => !removed.has(l.id)).sort((a, b) => b.created_at.getTime() - a.created_at.getTime())[0];
      await tx.chatSession.update({ where: { id: tip.sessionId }, data: { headMessageId: next?.id ?? null } });
    }
  });
}
