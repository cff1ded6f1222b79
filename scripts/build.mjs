// Builds dist/berth.mjs: one ESM file holding a small loader (src/cli/boot/boot.ts) and, in
// block comments after it, the CommonJS bundle of the program (src/cli/main.ts), which
// the loader compiles with V8's code cache — see src/cli/boot/payload.ts for why.
// react-devtools-core is an optional Ink import that must not be resolved at run time;
// `require` reaches Node's built-ins through the loader's createRequire.

import { createHash } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { cjsPatches } from './cjs-patches.mjs';
import { liteAssert, startupPatches } from './startup-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--out FILE` builds elsewhere (tests that must not race with a rebuild of dist/).
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? `${root}dist/berth.mjs`);
const stub = `${root}scripts/devtools-stub.mjs`;
// Must match src/cli/boot/payload.ts (this script runs without a TypeScript loader).
const PAYLOAD_START = '\n/*berth-bundle:\n';
const PAYLOAD_END = '\n*//*berth-bundle-end*/\n';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  write: false,
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
};

await mkdir(dirname(out), { recursive: true });
await writeFile(stub, 'export default {};\n');
const program = await build({
  ...common,
  entryPoints: [`${root}src/cli/main.ts`],
  format: 'cjs',
  // The loader compiles the program with vm.Script, which has no import(): dynamic imports of
  // Node's built-ins must become require() calls (checked below).
  supported: { 'dynamic-import': false },
  // Half the bytes to read and decode at every start; nothing in berth depends on names.
  minify: true,
  plugins: [cjsPatches, startupPatches, liteAssert],
  alias: { 'react-devtools-core': stub, 'string-width': `${root}scripts/string-width-lazy.mjs` },
  define: {
    // React's development builds would be compiled at every start for nothing.
    'process.env.NODE_ENV': '"production"',
    // CommonJS has no import.meta; the loader passes its own URL under this name.
    'import.meta.url': '__berthImportMetaUrl',
  },
});
const source = program.outputFiles[0].text;
if (/\bimport\(/.test(source))
  throw new Error('the program bundle still calls import(), which vm.Script cannot run');
// V8 checks a code cache only against the source's length: the loader keys its cache by this.
const programId = createHash('sha256').update(source).digest('hex').slice(0, 16);
const boot = await build({
  ...common,
  entryPoints: [`${root}src/cli/boot/boot.ts`],
  format: 'esm',
  define: { BERTH_PROGRAM_ID: JSON.stringify(programId) },
});
// The loader reads the payload as latin1, exact for ASCII only (esbuild's charset: 'ascii').
// esbuild escapes strings but not regular expression literals: write `\u00b5` there, not `µ`.
const nonAscii = source.search(/[^\p{ASCII}]/u);
if (nonAscii >= 0)
  throw new Error(
    `the program bundle is not ASCII: ${JSON.stringify(source.slice(nonAscii - 60, nonAscii + 20))}`,
  );
if (source.includes(PAYLOAD_START) || source.includes(PAYLOAD_END))
  throw new Error('the program contains the payload markers');
const payload = source.replaceAll('*/', '*//*');
// Written aside and renamed: a berth running from the old file never reads half a new one.
const tmp = `${out}.${process.pid}.tmp`;
await writeFile(
  tmp,
  `#!/usr/bin/env node\n${boot.outputFiles[0].text}${PAYLOAD_START}${payload}${PAYLOAD_END}`,
);
await chmod(tmp, 0o755);
await rename(tmp, out);
