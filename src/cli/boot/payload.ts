/**
 * How dist/berth.mjs carries the program: a small ESM loader (boot.ts) followed by the
 * CommonJS bundle of main.ts, base64-encoded inside a block comment. As a comment the bundle
 * costs the ESM parser a quick skip instead of a 4 MB compile; base64 keeps `*\/` (which the
 * bundle contains, in regexes and annotations) out of it. scripts/build.mjs writes this
 * format (it cannot import TypeScript); the bundle test runs the real file.
 */

export const PAYLOAD_START = '/*berth-bundle:';
export const PAYLOAD_END = '*/';

/** The wrapper the bundle is compiled in: CommonJS's parameters plus `import.meta.url`. */
export const WRAPPER_PARAMETERS = 'exports, require, module, __filename, __dirname, __berthImportMetaUrl';

/** The bundle's source text from the whole file, or undefined when the file has none. */
export function payloadOf(file: Buffer): string | undefined {
  const start = file.lastIndexOf(PAYLOAD_START);
  if (start < 0) return undefined;
  const from = start + PAYLOAD_START.length;
  const end = file.indexOf(PAYLOAD_END, from);
  if (end < 0) return undefined;
  // esbuild writes ASCII only (non-ASCII is escaped), so latin1 is exact and the fastest decode.
  return Buffer.from(file.toString('latin1', from, end), 'base64').toString('latin1');
}

/** The file text `payloadOf` reads back: the inverse, used by tests (the build has its own copy). */
export function encodePayload(source: string): string {
  return `${PAYLOAD_START}${Buffer.from(source, 'latin1').toString('base64')}${PAYLOAD_END}\n`;
}
