import { z } from "zod";

/**
 * Wire shapes every surface shares, defined once so each endpoint that takes an id, pages a list or
 * reads a yes/no query flag behaves (and is documented) the same way.
 */

/** `{id}` in a path, or `{ id }` as a tRPC input. */
export const idParam = z.object({ id: z.uuid({ message: "Not a valid id" }).describe("The resource's id (a UUID)") });

/** The paging style of this API: `page` from 1, `page_size` up to 100 (default 20). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe("Page number, from 1"),
  page_size: z.coerce.number().int().min(1).max(100).default(20).describe("Items per page, 1 to 100"),
});

/** The list envelope that goes with pageQuery. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe("Items in the whole list, on every page"),
    page: z.number().int(),
    page_size: z.number().int(),
  });

/** A yes/no query flag: `true`/`false` or `1`/`0`; absent means false. */
export const booleanQuery = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");
