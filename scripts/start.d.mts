/** Types for start.mjs (plain JavaScript so that `npm start` needs no TypeScript loader). */
/** Compiles `entry` (and what it imports from this repository) into `outdir`; returns the entry's output file. */
export function compileServer(entry?: string, outdir?: string): Promise<string>;
