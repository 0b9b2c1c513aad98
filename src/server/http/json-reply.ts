/**
 * A JSON answer not yet wrapped in a web Response. server.ts's fast path writes it to the socket as it
 * is: on Node 20 a Response body is a web ReadableStream, whose creation and reading cost more than
 * the rest of a small request. Everyone else gets the Response (`createSurfaceHandler`).
 *
 * A module of its own, importing nothing: server.ts loads the node bridge at start-up, before Next
 * has set up the environment that the adapter's imports (next/server) need.
 */
export class JsonReply {
  constructor(
    readonly status: number,
    readonly body: string,
    /** Headers beside content-type (a handler's rate-limit or routing headers). */
    readonly headers: Record<string, string> = {},
  ) {}

  toResponse(head = false) {
    return new Response(head ? null : this.body, { status: this.status, headers: { "content-type": "application/json", ...this.headers } });
  }
}
