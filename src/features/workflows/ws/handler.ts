import "server-only";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { getDb } from "@/server/db";
import type { Db } from "@/server/db/client";
import { handleWorkflowUpgrade } from "./upgrade";

/** The upgrade handler server.ts installs (tests give it their own database). */
export function workflowUpgradeHandler(db: () => Db = getDb) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => handleWorkflowUpgrade(req, socket, head, db);
}
