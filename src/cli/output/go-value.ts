/**
 * Values with their Go types, so that berth's `--format` templates print what skopeo's
 * Go templates print: `fmt`'s `%v` spelling (`[a b]`, `map[k:v]`, `{x y}`, `<nil>`),
 * Go's truthiness, and JSON with struct field names and `omitempty`. A plain JS value
 * cannot say whether it was a nil slice or an empty one, or a struct or a map; these can.
 */
import { goJson, goString } from './go-json.js';
import { formatGoTimeString, formatRfc3339Nano, type GoTime } from './go-time.js';

/** A struct field: its Go name (for templates) and JSON name and `omitempty` (for `json`). */
export interface GoField {
  name: string;
  json: string;
  omitEmpty?: boolean;
  value: GoValue;
}

export type GoValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'bool'; value: boolean }
  /** `pointer`: a `*time.Time`, which may be nil (`value` undefined). */
  | { kind: 'time'; value: GoTime | undefined; pointer: boolean }
  /** `items: null` is a nil slice; `elem` is the zero value of an element. */
  | { kind: 'slice'; items: GoValue[] | null; elem: GoValue }
  /** `entries: null` is a nil map; `elem` is the zero value `index` returns for a missing key. */
  | { kind: 'map'; entries: Map<string, GoValue> | null; elem: GoValue }
  | { kind: 'struct'; type: string; fields: GoField[] }
  /** What a template gets for a missing map key: prints `<no value>`. */
  | { kind: 'missing' };

export const goStr = (value: string): GoValue => ({ kind: 'string', value });
export const goInt = (value: number): GoValue => ({ kind: 'int', value });
export const goBool = (value: boolean): GoValue => ({ kind: 'bool', value });
export const EMPTY_STRUCT: GoValue = { kind: 'struct', type: 'struct {}', fields: [] };

/** A `[]string`; `null` or `undefined` is the nil slice. */
export function goStrings(items: readonly string[] | null | undefined): GoValue {
  return { kind: 'slice', items: items ? items.map(goStr) : null, elem: goStr('') };
}

/** A `map[string]V`; `null` or `undefined` is the nil map. */
export function goStringMap<T>(
  record: Readonly<Record<string, T>> | null | undefined,
  toValue: (v: T) => GoValue,
  elem: GoValue,
): GoValue {
  if (record === null || record === undefined) return { kind: 'map', entries: null, elem };
  const entries = new Map<string, GoValue>();
  for (const key of Object.keys(record)) entries.set(key, toValue(record[key]!));
  return { kind: 'map', entries, elem };
}

// Go's fmt sorts map keys; strings by their bytes.
function sortedKeys(entries: Map<string, GoValue>): string[] {
  return [...entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** `fmt.Sprint(v)` as a template prints it. */
export function formatGoValue(v: GoValue): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'int':
      return String(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'time':
      return v.value ? formatGoTimeString(v.value) : '<nil>';
    case 'slice':
      return `[${(v.items ?? []).map(formatGoValue).join(' ')}]`;
    case 'map': {
      const entries = v.entries ?? new Map<string, GoValue>();
      return `map[${sortedKeys(entries)
        .map((k) => `${k}:${formatGoValue(entries.get(k)!)}`)
        .join(' ')}]`;
    }
    case 'struct':
      return `{${v.fields.map((f) => formatGoValue(f.value)).join(' ')}}`;
    case 'missing':
      return '<no value>';
  }
}

/** Go's template truth: false for zero values, nil and empty collections; structs are true. */
export function isGoTrue(v: GoValue): boolean {
  switch (v.kind) {
    case 'string':
      return v.value !== '';
    case 'int':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'time':
      return v.pointer ? v.value !== undefined : true;
    case 'slice':
      return (v.items?.length ?? 0) > 0;
    case 'map':
      return (v.entries?.size ?? 0) > 0;
    case 'struct':
      return true;
    case 'missing':
      return false;
  }
}

function isEmptyForJson(v: GoValue): boolean {
  switch (v.kind) {
    case 'struct':
      return false;
    case 'time':
      return v.pointer && v.value === undefined;
    default:
      return !isGoTrue(v);
  }
}

/** The value as plain JSON data in Go's shape (field order, omitempty, nil as null), for `goJson`. */
export function goValueToJson(v: GoValue): unknown {
  switch (v.kind) {
    case 'string':
    case 'int':
    case 'bool':
      return v.value;
    case 'time':
      return v.value ? formatRfc3339Nano(v.value) : null;
    case 'slice':
      return v.items ? v.items.map(goValueToJson) : null;
    case 'map': {
      if (!v.entries) return null;
      const out: Record<string, unknown> = Object.create(null);
      for (const k of sortedKeys(v.entries)) out[k] = goValueToJson(v.entries.get(k)!);
      return out;
    }
    case 'struct': {
      const out: Record<string, unknown> = Object.create(null);
      for (const f of v.fields) {
        if (f.omitEmpty && isEmptyForJson(f.value)) continue;
        out[f.json] = goValueToJson(f.value);
      }
      return out;
    }
    case 'missing':
      return null;
  }
}

/** `json.MarshalIndent(v, "", "    ")`. */
export function goValueIndentedJson(v: GoValue): string {
  return goJson(goValueToJson(v));
}

// goString escapes <, > and & as Go does by default; SetEscapeHTML(false) keeps them.
const HTML_ESCAPES = /\\u003c|\\u003e|\\u0026|\\\\/g;
const UNESCAPE: Record<string, string> = { '\\u003c': '<', '\\u003e': '>', '\\u0026': '&', '\\\\': '\\\\' };

function compactString(s: string): string {
  return goString(s).replace(HTML_ESCAPES, (m) => UNESCAPE[m]!);
}

function compact(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return compactString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(compact).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${compactString(k)}:${compact(v)}`).join(',')}}`;
}

/**
 * The `json` template function of containers/common's report package: compact, with
 * `<`, `>` and `&` left as they are (an encoder with `SetEscapeHTML(false)`).
 */
export function goValueCompactJson(v: GoValue): string {
  return compact(goValueToJson(v));
}
