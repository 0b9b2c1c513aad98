// Shared by the page (server prefetch) and the table (client), so both ask for the same first page.

export const PAGE_SIZE = 25;

export interface Filters {
  eventType: string;
  actor: string;
  from: string;
  to: string;
}
export const NO_FILTERS: Filters = { eventType: "", actor: "", from: "", to: "" };

/** Local midnight of a `YYYY-MM-DD` day as an ISO instant; `after` gives the next day's. */
const dayStart = (day: string, after = false) => {
  const d = new Date(`${day}T00:00`);
  if (after) d.setDate(d.getDate() + 1);
  return d.toISOString();
};

export const entriesInput = (f: Filters, page: number) => ({
  page,
  page_size: PAGE_SIZE,
  event_type: f.eventType || undefined,
  actor: f.actor.trim() || undefined,
  from: f.from ? dayStart(f.from) : undefined,
  to: f.to ? dayStart(f.to, true) : undefined,
});
