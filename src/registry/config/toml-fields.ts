/**
 * Typed reads from a parsed TOML table. Go's TOML decoder refuses a value of the wrong
 * type and ignores unknown keys; these readers do the same and name the key path in the
 * error, so a typo in a value is reported instead of silently changing behaviour.
 */
import { parse, TomlError } from 'smol-toml';

export type Table = Record<string, unknown>;

/** A registries.conf file (or drop-in) is malformed or contradicts itself. */
export class InvalidRegistriesConfError extends Error {
  override readonly name = 'InvalidRegistriesConfError';
}

/** Parses TOML text, reporting syntax errors on one line with the position. */
export function parseToml(text: string): Table {
  try {
    return parse(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0] ?? 'invalid TOML';
      throw new InvalidRegistriesConfError(`${first} (line ${err.line}, column ${err.column})`);
    }
    throw err;
  }
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'table' : typeof v;
}

function wrong(path: string, want: string, v: unknown): InvalidRegistriesConfError {
  return new InvalidRegistriesConfError(`${path}: expected ${want}, got ${typeName(v)}`);
}

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function readString(t: Table, key: string, path: string): string | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw wrong(`${path}${key}`, 'a string', v);
  return v;
}

export function readBool(t: Table, key: string, path: string): boolean | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw wrong(`${path}${key}`, 'a boolean', v);
  return v;
}

/** An array of strings; `undefined` only when the key is absent (an empty array is a value). */
export function readStrings(t: Table, key: string, path: string): string[] | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw wrong(`${path}${key}`, 'an array of strings', v);
  return v.map((item, i) => {
    if (typeof item !== 'string') throw wrong(`${path}${key}[${i}]`, 'a string', item);
    return item;
  });
}

export function readTable(t: Table, key: string, path: string): Table | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (!isTable(v)) throw wrong(`${path}${key}`, 'a table', v);
  return v;
}

export function readTables(t: Table, key: string, path: string): Table[] {
  const v = t[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw wrong(`${path}${key}`, 'an array of tables', v);
  return v.map((item, i) => {
    if (!isTable(item)) throw wrong(`${path}${key}[${i}]`, 'a table', item);
    return item;
  });
}
