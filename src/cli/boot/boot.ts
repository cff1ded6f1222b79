/**
 * The entry of dist/berth.mjs: finds the program bundle in this same file (payload.ts),
 * compiles it with V8's code cache from an earlier run (code-cache.ts), and runs `main`.
 * Everything here runs before berth's own code, so it stays small and never fails a run
 * over the cache.
 */
import { COMMAND_NAMES } from '../command-names.js';
import { VERSION } from '../version.js';
import { codeCacheLocation, codeCacheMode, readCodeCache, writeCodeCache } from './code-cache.js';
import { payloadOf, WRAPPER_PARAMETERS } from './payload.js';

// Looked up, not imported, as in code-cache.ts.
const { readFileSync } = process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');
const { homedir } = process.getBuiltinModule('node:os');
const { dirname } = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');
const { setFlagsFromString } = process.getBuiltinModule('node:v8');
const { Script } = process.getBuiltinModule('node:vm');

/** A hash of the program in this file, set by scripts/build.mjs: it keys the code cache. */
declare const BERTH_PROGRAM_ID: string;

// undici's HTTP parser is WebAssembly; without this, exit waits 80–200 ms for V8 to finish
// re-optimising it on a background thread (measured by bench/). Liftoff code is fast enough.
// Set before compiling: V8 rejects a code cache made under other flags.
setFlagsFromString('--liftoff-only');

const file = fileURLToPath(import.meta.url);
const bytes = readFileSync(file);
const source = payloadOf(bytes);
if (source === undefined) throw new Error(`${file}: the berth bundle is missing from this file; rebuild it`);
const args = process.argv.slice(2);
const cache = codeCacheLocation({
  env: process.env,
  homeDir: process.env.HOME || homedir(),
  key: `${VERSION}-${BERTH_PROGRAM_ID}-${process.version}-${process.arch}`,
  mode: codeCacheMode(args, COMMAND_NAMES),
});
const cachedData = cache ? readCodeCache(cache) : undefined;
const script = new Script(`(function (${WRAPPER_PARAMETERS}) {${source}\n})`, {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});
if (cache && (!cachedData || script.cachedDataRejected)) {
  // At exit the cache holds every function this run compiled, not just the top level; 'exit'
  // also fires when the TUI leaves with process.exit. A failed run may have stopped early and
  // compiled little: the next run makes the cache.
  process.once('exit', (code) => {
    if (code === 0) writeCodeCache(cache, () => script.createCachedData());
  });
}
const mod: { exports: { main?: (args: string[]) => Promise<void> } } = { exports: {} };
script.runInThisContext()(
  mod.exports,
  createRequire(import.meta.url),
  mod,
  file,
  dirname(file),
  import.meta.url,
);
if (!mod.exports.main) throw new Error(`${file}: the berth bundle does not export main; rebuild it`);
await mod.exports.main(args);
