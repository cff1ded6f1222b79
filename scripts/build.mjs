// Bundles the CLI and TUI into one ESM file, dist/berth.mjs.
// react-devtools-core is an optional Ink import that must not be resolved at run
// time; the createRequire banner lets bundled CommonJS dependencies call require().

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = `${root}scripts/devtools-stub.mjs`;
await mkdir(`${root}dist`, { recursive: true });
await writeFile(stub, 'export default {};\n');
await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outfile: `${root}dist/berth.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  alias: { 'react-devtools-core': stub, 'string-width': `${root}scripts/string-width-lazy.mjs` },
  // React's development builds would be compiled at every start for nothing.
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __berthCreateRequire } from 'node:module';\nconst require = __berthCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
await chmod(`${root}dist/berth.mjs`, 0o755);
