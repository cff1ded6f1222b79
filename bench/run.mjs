#!/usr/bin/env node
// Bundles bench/run.ts (and the test harness it reuses) with esbuild and runs it with the same
// arguments: Node 20 cannot run TypeScript itself. The bundle goes to node_modules/.cache, where
// neither git nor biome looks; dependencies stay external and resolve from node_modules.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${here}../node_modules/.cache/berth-bench/run.mjs`;
await build({
  entryPoints: [`${here}run.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
