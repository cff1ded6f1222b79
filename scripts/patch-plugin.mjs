// An esbuild plugin that rewrites exact statements in dependencies. Each patch names a module
// (by path) and the text pairs to replace; the build fails when a text or a module is not
// found, so an upgrade that moves them is noticed at build time instead of at run time.

import { readFile } from 'node:fs/promises';

/** `patches`: `{ file: RegExp, replace: Array<[from, to]> }[]`; `source` names the caller in errors. */
export function patchPlugin(name, source, patches) {
  return {
    name,
    setup(build) {
      const seen = new Set();
      for (const patch of patches) {
        build.onLoad({ filter: patch.file }, async (args) => {
          let text = await readFile(args.path, 'utf8');
          for (const [from, to] of patch.replace) {
            if (!text.includes(from))
              throw new Error(`${args.path}: expected ${JSON.stringify(from)}; update ${source}`);
            text = text.replace(from, to);
          }
          seen.add(patch);
          return { contents: text, loader: 'js' };
        });
      }
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        for (const patch of patches) {
          if (!seen.has(patch)) throw new Error(`${source}: no module matched ${patch.file}`);
        }
      });
    },
  };
}
