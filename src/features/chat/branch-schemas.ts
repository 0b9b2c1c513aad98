import { z } from "zod";
import { chatMessage, chatReply, continueOnDisconnect } from "./schemas";

/**
 * Branches of a conversation. Messages form a tree (each has a parent); a branch is the path from a
 * root to a tip message, named by that tip's id. Listing gives one branch per leaf. Resuming a branch
 * adds messages below its tip, so the continued branch is then named by its new leaf (the reply's
 * `message_id`).
 */
export const branchIdParam = z.object({ branch_id: z.uuid({ message: "Not a valid branch id" }) });

export const branchCreate = z.object({
  session_id: z.uuid({ message: "Not a valid session id" }),
  /** Fork here. With `message`: a user message is edited (the new one becomes its sibling), else the message is continued from. */
  from_message_id: z.uuid({ message: "Not a valid message id" }),
  message: z.string().trim().min(1, "Write a message").max(32_000).optional(),
  streamlined: z.boolean().default(false),
  continue_on_disconnect: continueOnDisconnect,
});

export const branchResume = z.object({
  message: z.string().trim().min(1, "Write a message").max(32_000),
  streamlined: z.boolean().default(false),
  continue_on_disconnect: continueOnDisconnect,
});

export const branchListQuery = z.object({ session_id: z.uuid({ message: "Not a valid session id" }) });

export const branchPageQuery = z.object({
  /** Page backwards: the messages of the branch before this one (default: ending at the tip). */
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const branch = z.object({
  /** The tip message's id. */
  id: z.string(),
  session_id: z.string(),
  /** "Branch 1", "Branch 2" ... in the order the branches were started. */
  name: z.string(),
  /** What started the branch: the start of its first own user message (the edited text). */
  label: z.string(),
  /** The first message only this branch has (null: every message is shared with other branches). */
  fork_message_id: z.string().nullable(),
  /** Messages from the root to the tip. */
  length: z.number().int(),
  /** True when the tip has no replies. */
  is_leaf: z.boolean(),
  /** True when the session continues from this tip (plain chat with `session_id` appends here). */
  is_current: z.boolean(),
  last_message: z.object({ id: z.string(), role: z.string(), preview: z.string(), created_at: z.string() }),
});

export const branchList = z.object({ session_id: z.string(), items: z.array(branch) });

export const branchPage = z.object({ branch, messages: z.array(chatMessage), has_more: z.boolean() });

export const branchCreated = z.object({ branch, reply: chatReply.nullable() });
