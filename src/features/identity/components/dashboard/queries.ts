/** The home page's agents query input, shared by the page's server prefetch and the tile (their keys must match). */
export const RECENT_AGENTS = { page: 1, page_size: 3 } as const;
