import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import {
  acceptFriendRequest, cancelFriendRequest, declineFriendRequest, incomingRequests, listFriends, outgoingRequests, removeFriend, sendFriendRequest,
} from "./service";

export const socialRouter = createTRPCRouter({
  friends: authedProcedure.query(({ ctx }) => listFriends(ctx)),
  incoming: authedProcedure.query(({ ctx }) => incomingRequests(ctx)),
  outgoing: authedProcedure.query(({ ctx }) => outgoingRequests(ctx)),
  sendRequest: authedProcedure.input(s.friendRequestCreate).mutation(({ ctx, input }) => sendFriendRequest(ctx, input)),
  accept: authedProcedure.input(s.anyIdParam).mutation(({ ctx, input }) => acceptFriendRequest(ctx, input.id)),
  decline: authedProcedure.input(s.anyIdParam).mutation(({ ctx, input }) => declineFriendRequest(ctx, input.id)),
  cancel: authedProcedure.input(s.anyIdParam).mutation(({ ctx, input }) => cancelFriendRequest(ctx, input.id)),
  remove: authedProcedure.input(s.anyIdParam).mutation(({ ctx, input }) => removeFriend(ctx, input.id)),
});
