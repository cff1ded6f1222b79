// Runs a TypeScript entry point that exports `main(args, root)`: Node 20 cannot run
// TypeScript itself, so it is bundled with esbuild first (with the test harness and whatever
// else it imports). The bundle goes to node_modules/.cache, where neither git nor biome
// looks; dependencies stay external and resolve from node_modules. Used by bench/run.mjs and
// scripts/screen-captures.mjs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `entry` (a path from the project root) and sets the exit code to what `main` returns. */
export async function runTypeScript({ entry, cacheName }) {
  const outfile = `${root}node_modules/.cache/${cacheName}/${entry.replace(/^.*\//, '').replace(/\.ts$/, '.mjs')}`;
  await build({
    entryPoints: [`${root}${entry}`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  process.setSourceMapsEnabled(true);
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = await main(process.argv.slice(2), root);
}
