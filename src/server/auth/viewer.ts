/** Who is asking. Every service call receives one (or null on public routes). */
export interface Viewer {
  userId: string;
  role: "user" | "admin";
  /** How the request proved who it is. */
  via: "session" | "bearer" | "api_key";
}
