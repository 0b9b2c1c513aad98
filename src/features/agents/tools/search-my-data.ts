import { z } from "zod";
import { visibleTo } from "@/features/calendar/service/access";
import { defineTool } from "./types";

export const searchMyData = defineTool({
  name: "search_my_data",
  description: "Search the user's own calendar (their items and those shared with them): titles and descriptions, case-insensitive.",
  inputSchema: z.object({
    query: z.string().trim().min(1).max(200).describe("Words to look for"),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  async execute({ db, userId }, { query, limit }) {
    const rows = await db.scheduleItem.findMany({
      where: {
        AND: [visibleTo(userId), { OR: [{ title: { contains: query, mode: "insensitive" } }, { description: { contains: query, mode: "insensitive" } }] }],
      },
      orderBy: { startAt: "desc" },
      take: limit,
      select: { id: true, title: true, description: true, startAt: true, endAt: true, timezone: true, ownerId: true },
    });
    return {
      query,
      count: rows.length,
      matches: rows.map((r) => ({
        type: "schedule_item",
        id: r.id,
        title: r.title,
        description: r.description && r.description.length > 300 ? `${r.description.slice(0, 300)}…` : r.description,
        start_at: r.startAt.toISOString(),
        end_at: r.endAt?.toISOString() ?? null,
        timezone: r.timezone,
        shared_with_me: r.ownerId !== userId,
      })),
    };
  },
});
