// The program bundle is CommonJS (so boot.ts can compile it with V8's code cache), and
// CommonJS has no top-level await. Two dependencies use it; this esbuild plugin rewrites
// exactly those statements and fails the build if they are not found as expected (after an
// upgrade), rather than shipping a TUI that breaks at run time.
//  - yoga-layout awaits its WebAssembly at import. Here the module starts the same load and
//    exports `ready`, which src/cli/tui.ts awaits before the first render; the default export
//    is a live binding, set when the load ends (Ink only touches Yoga while rendering).
//  - while at it: yoga's Emscripten loader asks `typeof fetch` before decoding its inlined
//    WebAssembly, and that global's first touch loads Node's own undici, ~20 ms of TUI start
//    (measured); it decodes the data: URL itself instead, as it does when fetch is absent.
//  - ink's reconciler awaits react-devtools-core and its package.json only when DEV=true;
//    devtools are not bundled (scripts/devtools-stub.mjs), so those branches are dropped.

import { patchPlugin } from './patch-plugin.mjs';

const PATCHES = [
  {
    file: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    replace: [
      [
        'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;',
        'let Yoga;\nexport const ready = loadYoga().then((module) => {\n  Yoga = wrapAssembly(module);\n});\nexport { Yoga as default };',
      ],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    replace: [['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?']],
  },
  {
    file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
    replace: [
      [
        "await import('./devtools.js');",
        "throw Object.assign(new Error('not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });",
      ],
      ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
    ],
  },
];

export const cjsPatches = patchPlugin('berth-cjs-patches', 'scripts/cjs-patches.mjs', PATCHES);
