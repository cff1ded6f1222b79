import { MAX_JSON_DEPTH } from './limits.js';
import { child, FieldError, inDocument, item } from './path.js';

// ignoreBOM keeps a leading U+FEFF in the text, so JSON.parse refuses it as Go does.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// A surrogate code point standing alone (a `\ud800` escape with no partner). Go turns each
// into U+FFFD, so two different lone surrogates would become the same key there.
const LONE_SURROGATE = /\p{Cs}/u;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

interface Frame {
  keys: Set<string> | undefined; // undefined for arrays
  key: string; // the member being read, in an object
  index: number; // the element being read, in an array
  expectKey: boolean;
}

/**
 * Parses one JSON document, refusing input that JSON parsers disagree on.
 *
 * `JSON.parse` keeps the last of duplicate keys, Go keeps the last, and other parsers keep
 * the first, so a document with `"layers"` twice can mean two different images to two
 * tools (reliability A12). This refuses duplicate keys at any depth (after unescaping, so
 * `"a"` and `"\u0061"` collide), keys holding lone surrogates, invalid UTF-8, a leading BOM,
 * and nesting deeper than {@link MAX_JSON_DEPTH}.
 *
 * @param path where this JSON sits, for nested documents such as schema 1 `v1Compatibility`.
 * @throws {FieldError}
 */
export function parseStrictJson(input: Uint8Array | string, path = ''): unknown {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = UTF8.decode(input);
    } catch {
      throw new FieldError(path, 'not valid UTF-8');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the input, which is hostile; keep only the position.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    throw new FieldError(path, `not valid JSON${at ? ` (at character ${at[1]})` : ''}`);
  }
  checkStructure(text, path);
  return value;
}

/**
 * {@link parseStrictJson} for other JSON documents read from untrusted sources (an OCI
 * layout's `index.json`, a docker-archive `manifest.json`), failing with an
 * `InvalidManifestError` that names `document`.
 */
export function parseJsonDocument(input: Uint8Array | string, document: string): unknown {
  return inDocument(document, () => parseStrictJson(input));
}

/**
 * One linear pass over text that `JSON.parse` accepted, so it only has to tell strings,
 * brackets and commas apart. Time and memory are linear in the input; the depth check
 * keeps the frame stack small.
 */
function checkStructure(text: string, base: string): void {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, j);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (LONE_SURROGATE.test(key)) throw new FieldError(pathTo(stack, base), 'key is not valid Unicode');
        if (top.keys.has(key)) throw new FieldError(child(pathTo(stack, base), key), 'duplicate key');
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= MAX_JSON_DEPTH) {
        throw new FieldError(pathTo(stack, base), `nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      stack.push({ keys: c === OPEN_OBJECT ? new Set() : undefined, key: '', index: 0, expectKey: true });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
}

/** The JSON path of the innermost open container. */
function pathTo(stack: readonly Frame[], base: string): string {
  let path = base;
  for (let k = 0; k < stack.length - 1; k++) {
    const frame = stack[k]!;
    path = frame.keys ? child(path, frame.key) : item(path, frame.index);
  }
  return path;
}
