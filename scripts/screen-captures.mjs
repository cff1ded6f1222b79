#!/usr/bin/env node
// Regenerates the screen captures in README.md (issue 5): `node scripts/screen-captures.mjs`
// (add `--print` to print them instead). Node 20 cannot run TypeScript, so this bundles
// scripts/screen-captures.ts (with the test harness and the TUI it renders) with esbuild, as
// bench/run.mjs does; the bundle goes to node_modules/.cache, where neither git nor biome looks.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${here}../node_modules/.cache/berth-screens/screen-captures.mjs`;
await build({
  entryPoints: [`${here}screen-captures.ts`],
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
process.exitCode = await main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
