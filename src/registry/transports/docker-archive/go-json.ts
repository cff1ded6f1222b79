/**
 * The few pieces of Go's `encoding/json` output that a docker-archive's metadata files need
 * to come out byte for byte as skopeo writes them: strings and sorted-key objects as
 * `json.Marshal` prints them, and `json.RawMessage` values copied from an image config,
 * which Go compacts and HTML-escapes on the way out.
 */

const HTML_ESCAPES = /[<>&\u2028\u2029]/g;

function escapeHtml(s: string): string {
  return s.replace(HTML_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A string as `json.Marshal` writes it (with its default HTML escaping). */
export function goString(s: string): string {
  return escapeHtml(JSON.stringify(s));
}

/** An object of already-encoded values with keys sorted as Go sorts map keys (by bytes). */
export function goObject(members: Iterable<readonly [string, string]>): string {
  const sorted = [...members].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${sorted.map(([k, v]) => `${goString(k)}:${v}`).join(',')}}`;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Go's `json.Compact` with HTML escaping, which is what `json.Marshal` does to a
 * `json.RawMessage`: whitespace outside strings dropped, `<`, `>`, `&`, U+2028 and U+2029
 * escaped, every other byte (including existing escapes) kept. `raw` must be valid JSON.
 */
export function goCompact(raw: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (inString) {
      if (c === '\\') {
        out += c + (raw[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!WHITESPACE.has(c)) {
      out += c;
    }
  }
  return escapeHtml(out);
}

/** Index just past the JSON string starting at `i` (which must be a `"`). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index just past the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text[j];
      if (d === '"') {
        j = skipString(text, j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return j;
  }
  let j = i;
  while (j < text.length && !WHITESPACE.has(text[j] as string) && text[j] !== ',' && text[j] !== '}') j++;
  return j;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && WHITESPACE.has(text[j] as string)) j++;
  return j;
}

/**
 * The raw text of each member of a JSON object, by key, as Go decodes a document into
 * `map[string]*json.RawMessage`. `text` must already be known to be a valid JSON object
 * without duplicate keys (berth's strict parser checked it).
 */
export function rawMembers(text: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipSpace(text, 0);
  if (text[i] !== '{') throw new Error('not a JSON object');
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    i = skipSpace(text, i + 1); // the ':'
    const valueEnd = skipValue(text, i);
    members.set(key, text.slice(i, valueEnd));
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return members;
}
