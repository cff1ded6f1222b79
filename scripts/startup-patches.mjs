// Start-up patches for the program bundle: Node built-ins that dependencies load at import
// but berth does not need for most runs, measured on every `berth inspect` (bench/):
//  - undici's HTTP/2 client requires node:http2 (~5 ms, with TLS) to read ten protocol
//    constants at import. berth never enables HTTP/2 (allowH2 stays off), so the constants
//    are written out (RFC 9113 header names, nghttp2's error codes) and http2 loads on connect.
//  - undici requires node:http (~3 ms) for `IncomingMessage`, compared with a stream's class
//    when destroying it: only an IncomingMessage can be one, and then node:http is loaded.
//    It also reads `http.maxHeaderSize` as a default; src/registry/http/agent.ts always
//    passes `maxHeaderSize`, so that default is read lazily, on the rare call without it.
//  - yargs renders the whole help text after parsing any command "in case" a handler asks
//    for it later (2–4 ms); berth's commands run after parsing and never do, and `--help`
//    still renders it when asked.
//  - every yargs() guesses a default --version from the nearest package.json, found by listing
//    each directory from the working directory up to / (in the bundle yargs cannot place
//    itself): a directory listing per level at every start, and a user's own package.json
//    read. berth always sets its version itself, so no default is guessed.
//  - `node:assert` is replaced by scripts/assert-lite.cjs (see there).
import { fileURLToPath } from 'node:url';
import { patchPlugin } from './patch-plugin.mjs';

const H2_CONSTANTS = `{
    HTTP2_HEADER_AUTHORITY: ':authority',
    HTTP2_HEADER_METHOD: ':method',
    HTTP2_HEADER_PATH: ':path',
    HTTP2_HEADER_SCHEME: ':scheme',
    HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
    HTTP2_HEADER_EXPECT: 'expect',
    HTTP2_HEADER_STATUS: ':status',
    HTTP2_HEADER_PROTOCOL: ':protocol',
    NGHTTP2_REFUSED_STREAM: 7,
    NGHTTP2_CANCEL: 8
  }`;

const PATCHES = [
  {
    file: /[\\/]node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/,
    replace: [
      [
        "try {\n  http2 = require('node:http2')\n} catch {",
        `try {\n  http2 = { constants: ${H2_CONSTANTS}, connect: (...args) => require('node:http2').connect(...args) }\n} catch {`,
      ],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]undici[\\/]lib[\\/]core[\\/]util\.js$/,
    replace: [
      ["const { IncomingMessage } = require('node:http')\n", ''],
      [
        'if (Object.getPrototypeOf(stream).constructor === IncomingMessage) {',
        "if (Object.getPrototypeOf(stream).constructor?.name === 'IncomingMessage' && Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage) {",
      ],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
    replace: [
      ["const http = require('node:http')\n", ''],
      [
        "const getDefaultNodeMaxHeaderSize = http &&\n  http.maxHeaderSize &&\n  Number.isInteger(http.maxHeaderSize) &&\n  http.maxHeaderSize > 0\n  ? () => http.maxHeaderSize\n  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }",
        "const getDefaultNodeMaxHeaderSize = () => require('node:http').maxHeaderSize",
      ],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/,
    replace: [['        yargs.help();\n        yargs.version();\n', '        yargs.help();\n']],
  },
  {
    file: /[\\/]node_modules[\\/]yargs[\\/]build[\\/]lib[\\/]usage\.js$/,
    replace: [['cachedHelpMessage = this.help();', '']],
  },
];

export const startupPatches = patchPlugin('berth-startup-patches', 'scripts/startup-patches.mjs', PATCHES);

const assertLite = fileURLToPath(new URL('./assert-lite.cjs', import.meta.url));

/** Resolves `assert` and `node:assert` to scripts/assert-lite.cjs. */
export const liteAssert = {
  name: 'berth-assert-lite',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert$/ }, () => ({ path: assertLite }));
  },
};
