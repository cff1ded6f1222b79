/**
 * How dist/berth.mjs carries the program: a small ESM loader (boot.ts) followed by the
 * CommonJS bundle of main.ts inside block comments. As comments the bundle costs the ESM
 * parser a quick skip instead of a 2 MB compile. The bundle is stored as it is (esbuild
 * writes ASCII only), except that each `*\/` in it (regexes, annotations) is written
 * `*\/\/*`: the comment ends there and the next begins. Reading it back undoes that, and is
 * a copy and one search instead of decoding base64 (bench/: ~3 ms of every start).
 * scripts/build.mjs writes this format (it cannot import TypeScript); the bundle test runs
 * the real file.
 */

/** Starts the payload; the real newlines keep the loader's own copy of it (an escaped string) from matching. */
export const PAYLOAD_START = '\n/*berth-bundle:\n';
/** Ends the payload: the last comment's end, then a comment of its own. */
export const PAYLOAD_END = '\n*//*berth-bundle-end*/\n';
const TERMINATOR = '*/';
const SPLIT_TERMINATOR = '*//*';

/** The wrapper the bundle is compiled in: CommonJS's parameters plus `import.meta.url`. */
export const WRAPPER_PARAMETERS = 'exports, require, module, __filename, __dirname, __berthImportMetaUrl';

/** The bundle's source text from the whole file, or undefined when the file has none. */
export function payloadOf(file: Buffer): string | undefined {
  const start = file.indexOf(PAYLOAD_START);
  if (start < 0) return undefined;
  const from = start + PAYLOAD_START.length;
  const end = file.lastIndexOf(PAYLOAD_END);
  if (end < from) return undefined;
  // ASCII only, so latin1 is exact and the fastest decode.
  const text = file.toString('latin1', from, end);
  return text.includes(SPLIT_TERMINATOR) ? text.replaceAll(SPLIT_TERMINATOR, TERMINATOR) : text;
}

/** The file text `payloadOf` reads back: the inverse, used by tests (the build has its own copy). */
export function encodePayload(source: string): string {
  if (source.includes(PAYLOAD_START) || source.includes(PAYLOAD_END))
    throw new Error('the program contains the payload markers');
  return `${PAYLOAD_START}${source.replaceAll(TERMINATOR, SPLIT_TERMINATOR)}${PAYLOAD_END}`;
}
