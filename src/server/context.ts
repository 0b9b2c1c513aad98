import type { Db } from "./db/client";
import type { Viewer } from "./auth/viewer";

/** What every service function receives first: the database and who is asking. */
export interface ServiceContext {
  db: Db;
  viewer: Viewer | null;
  /** Client address, for rate limits and audit. */
  ip?: string;
}

export interface AuthedContext extends ServiceContext {
  viewer: Viewer;
}
