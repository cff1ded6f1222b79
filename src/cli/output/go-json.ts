/**
 * JSON exactly as Go's `json.MarshalIndent(v, "", "    ")` writes it, so berth's output
 * can replace skopeo's byte for byte: 4-space indent, `<` `>` `&` U+2028 U+2029 escaped
 * as `\u003c`…, other control characters as `\u00XX` except `\n` `\r` `\t`, empty arrays
 * and objects as `[]` and `{}`, `null` for absent values. Object keys keep insertion
 * order (Go structs); Go maps sort their keys, so pass maps through `goMap` first.
 */
import { goJsonString } from '../../registry/manifest/go-json.js';

/** A string as Go's `encoding/json` writes it. */
export const goString = goJsonString;

function encode(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return goString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('json: unsupported value: non-finite number');
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new Error(`json: unsupported type: ${typeof value}`);
  }
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + encode(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value instanceof Uint8Array) return goString(Buffer.from(value).toString('base64'));
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${goString(k)}: ${encode(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** `json.MarshalIndent(value, "", "    ")`. `undefined` properties are omitted (Go's `omitempty`). */
export function goJson(value: unknown): string {
  return encode(value, '');
}

/** A Go map: the same entries with keys in Go's order (byte order of their UTF-8). `null` stays `null`. */
export function goMap<T>(record: Readonly<Record<string, T>> | null | undefined): Record<string, T> | null {
  if (record === null || record === undefined) return null;
  const keys = Object.keys(record).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const out: Record<string, T> = Object.create(null);
  for (const k of keys) out[k] = record[k]!;
  return out;
}
