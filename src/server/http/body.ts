import { AppError } from "../errors";

/** The largest request body any surface reads (REST and tRPC alike). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the body as text, stopping (413) as soon as it passes the limit rather than after. */
export async function readLimited(request: Request, limit: number) {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${limit} bytes`);
  if (Number(request.headers.get("content-length") ?? "0") > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
