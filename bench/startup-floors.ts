import { join } from 'node:path';
import { build } from 'esbuild';
import type { BenchContext } from './context.js';

/** A floor program of the startup case: its row name and source in bench/. */
const FLOORS = [
  { name: 'floor: node:http script', file: 'floor-node-http.mjs' },
  { name: 'floor: undici script', file: 'floor-undici.mjs' },
] as const;

/** Row names of the floor programs: the report shows them without judging them. */
export const FLOOR_NAMES: readonly string[] = FLOORS.map((f) => f.name);

/**
 * The floors of `inspect` (bench/floor-*.mjs: only its requests, nothing else), bundled into
 * the bench's temp dir as dist/berth.mjs is bundled, as commands for `host`'s `repo:tag`.
 */
export async function floorCommands(
  ctx: BenchContext,
  image: { host: string; repo: string; tag: string },
): Promise<Array<{ name: string; argv: string[] }>> {
  const out: Array<{ name: string; argv: string[] }> = [];
  for (const floor of FLOORS) {
    const outfile = join(ctx.tmp, floor.file);
    await build({
      entryPoints: [join(ctx.root, 'bench', floor.file)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      logLevel: 'warning',
      // undici is CommonJS: its require() calls of built-ins need a real require in ESM.
      banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    });
    out.push({ name: floor.name, argv: [process.execPath, outfile, image.host, image.repo, image.tag] });
  }
  return out;
}
