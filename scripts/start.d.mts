/** Types for start.mjs (plain JavaScript so that `npm start` needs no TypeScript loader). */
export function compileServer(entry?: string, outfile?: string): Promise<string>;
