import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { addPeerBody, notifyBody, sendPeerMessageBody } from "./schemas";
import { listPeerMessages, sendPeerMessage } from "./service/messages";
import { notifyDevices } from "./service/notify";
import { listDevices, removeDevice, requestPairingCode } from "./service/pairing";
import { addPeer, deletePeer, listPeers, networkStatus, pingNow } from "./service/peers";

/** The Network page: peers and paired devices, through the same services as /api/peers and /api/pairing. */
export const networkRouter = createTRPCRouter({
  status: authedProcedure.query(({ ctx }) => networkStatus(ctx)),
  /** Whether the viewer may manage peers, so the page offers the forms only to administrators. */
  abilities: authedProcedure.query(({ ctx }) => ({ managePeers: ctx.viewer.role === "admin" })),
  peers: authedProcedure.query(({ ctx }) => listPeers(ctx)),
  addPeer: authedProcedure.input(addPeerBody).mutation(({ ctx, input }) => addPeer(ctx, input)),
  removePeer: authedProcedure.input(idParam).mutation(({ ctx, input }) => deletePeer(ctx, input.id)),
  pingPeer: authedProcedure.input(idParam).mutation(({ ctx, input }) => pingNow(ctx, input.id)),
  messages: authedProcedure.input(idParam).query(({ ctx, input }) => listPeerMessages(ctx, input.id)),
  sendMessage: authedProcedure.input(idParam.extend(sendPeerMessageBody.shape)).mutation(({ ctx, input }) => sendPeerMessage(ctx, input.id, input.text)),
  devices: authedProcedure.query(({ ctx }) => listDevices(ctx)),
  requestCode: authedProcedure.mutation(({ ctx }) => requestPairingCode(ctx)),
  removeDevice: authedProcedure.input(idParam).mutation(({ ctx, input }) => removeDevice(ctx, input.id)),
  notify: authedProcedure.input(notifyBody).mutation(({ ctx, input }) => notifyDevices(ctx, input)),
});
