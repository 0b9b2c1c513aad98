import { describe, expect, it } from "vitest";
import { recordAudit } from "@/features/audit/record";
import { setupApi } from "../support/harness";

const h = setupApi();

describe("audit chain appends", () => {
  it("appends contiguous ids linked by prev_hash, also from 50 concurrent writers", async () => {
    await recordAudit(h.db, { eventType: "user_signed_in", details: "first" });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.db.$transaction((tx) => recordAudit(tx, { eventType: "api_key_created", details: `key ${i}`, data: { i } })),
      ),
    );
    const rows = await h.db.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
  });
});
