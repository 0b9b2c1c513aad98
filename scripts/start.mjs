/**
 * `npm start`: compiles server.ts (and the src/ code it imports: the API fast path, migrations, the
 * seed) into one ES module with esbuild, then runs it with plain Node. Running through tsx instead
 * keeps a TypeScript compiler hook in the process and compiles every imported file at run time
 * (memory and start-up time, see docs/architecture.md). Packages stay external (node_modules);
 * `server-only` compiles to nothing, as it does in Next's server bundles.
 * Takes about a second; the output is never stale because it is rebuilt on every start.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

export async function compileServer(entry = "server.ts", outfile = path.join("node_modules", ".cache", "atrium", "server.mjs")) {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    sourcemap: "inline",
    logLevel: "warning",
    plugins: [
      {
        name: "server-only",
        setup(b) {
          b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "atrium-empty" }));
          b.onLoad({ filter: /.*/, namespace: "atrium-empty" }, () => ({ contents: "", loader: "js" }));
        },
      },
      {
        // `next` has no exports map, so Node's ES module loader wants the file's own name.
        name: "next-subpaths",
        setup(b) {
          b.onResolve({ filter: /^next\/(server|headers|navigation)$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
        },
      },
    ],
  });
  return path.resolve(outfile);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const compiled = await compileServer();
  await import(pathToFileURL(compiled).href);
}
