import { z } from "zod";

export const friendRequestCreate = z.object({
  target_user_id: z.uuid({ message: "Not a valid user id" }),
  content: z.string().trim().max(500, "At most 500 characters").optional(),
});
export const friendRequest = z.object({
  id: z.string(),
  from_user_id: z.string(),
  to_user_id: z.string(),
  content: z.string().nullable().optional(),
  status: z.enum(["pending", "accepted", "declined", "cancelled"]),
  created_at: z.string(),
  updated_at: z.string(),
});
/** Requests as the UI shows them: with the other person's profile. */
export const friendRequestWithPeople = friendRequest.extend({
  from_user: z.object({ id: z.string(), username: z.string(), avatar_url: z.string().nullable() }).optional(),
  to_user: z.object({ id: z.string(), username: z.string(), avatar_url: z.string().nullable() }).optional(),
});
export const friendRequestList = z.array(friendRequestWithPeople);
export const friend = z.object({
  id: z.string(),
  friend_id: z.string(),
  username: z.string(),
  avatar_url: z.string().nullable().optional(),
  bio: z.string().nullable().optional(),
  created_at: z.string(),
});
export const friendList = z.array(friend);
export { idParam as anyIdParam } from "@/lib/wire";
