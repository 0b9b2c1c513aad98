/**
 * `npm start`: compiles server.ts (and the src/ code it imports: the API fast path, migrations, the
 * seed) into one ES module with esbuild, then runs it with plain Node. Running through tsx instead
 * keeps a TypeScript compiler hook in the process and compiles every imported file at run time
 * (memory and start-up time, see docs/architecture.md). Packages stay external (node_modules);
 * `server-only` compiles to nothing, as it does in Next's server bundles.
 * Takes about a second; the output (node_modules/.cache/atrium/server-<pid>/) is never stale because
 * it is rebuilt on every start.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const cacheRoot = path.join("node_modules", ".cache", "atrium");

export async function compileServer(entry = "server.ts", outdir = path.join(cacheRoot, `${path.basename(entry, ".ts")}-${process.pid}`)) {
  removeStaleOutputs();
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [entry],
    outdir,
    outExtension: { ".js": ".mjs" },
    // A dynamic import stays one: server.ts loads the API surfaces (and through them next/server)
    // only after Next has set up its environment, as it did when run through tsx.
    splitting: true,
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
  return path.resolve(outdir, `${path.basename(entry, ".ts")}.mjs`);
}

/**
 * One output folder per process (two servers starting at once must not overwrite each other's
 * chunks, which load lazily); those of processes that are gone are removed.
 */
function removeStaleOutputs() {
  if (!existsSync(cacheRoot)) return;
  for (const name of readdirSync(cacheRoot)) {
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (pid && !alive(pid)) rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const compiled = await compileServer();
  await import(pathToFileURL(compiled).href);
}
