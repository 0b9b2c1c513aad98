import type { Db } from "@/server/db/client";
import { PASSWORD, uniqueEmail, uniqueUsername } from "./ids";
import { signUp } from "./outbox";

export interface Person {
  id: string;
  email: string;
  username: string;
  token: string;
}

/** A signed-up user with an access token, named for the test that reads it (ana, ben...). */
export async function person(server: { url: string }, db: Db, tag: string): Promise<Person> {
  const email = uniqueEmail(tag);
  const username = uniqueUsername(tag);
  const session = await signUp(server, db, { username, email, password: PASSWORD });
  return { id: session.user.id, email, username, token: session.access_token };
}
