import { describe, expect, it } from 'vitest';
import { InvalidManifestError } from './errors.js';
import { parseJsonDocument, parseStrictJson } from './json.js';
import { FieldError } from './path.js';

describe('parseStrictJson accepts', () => {
  it.each([
    { name: 'the same key in sibling objects', text: '{"m":[{"digest":"1"},{"digest":"2"}]}' },
    { name: 'the same key at different depths', text: '{"a":{"a":{"a":1}}}' },
    { name: 'keys that differ only in case', text: '{"Labels":{"a":"1","A":"2"}}' },
    {
      name: 'string values full of structure characters',
      text: '{"a":"}{][,\\":","b":"\\\\","c":"\\"a\\":1"}',
    },
    { name: 'a value equal to a key', text: '{"a":"a","b":["a","a"]}' },
    { name: 'escaped keys that differ', text: '{"\\u0061":1,"\\u0062":2}' },
    { name: 'a surrogate pair in a key', text: '{"\\ud83d\\ude00":1,"😀x":2}' },
    { name: 'scalars and empty containers', text: '[1,true,null,"x",{},[]]' },
    { name: 'exactly 64 levels', text: `${'['.repeat(64)}${']'.repeat(64)}` },
  ])('$name', ({ text }) => {
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });
});

describe('parseStrictJson rejects', () => {
  it.each([
    { name: 'a top-level duplicate', text: '{"a":1,"b":2,"a":3}', path: 'a', reason: 'duplicate key' },
    {
      name: 'a duplicate in an array element',
      text: '{"m":[{"x":1},{"d":1,"d":2}]}',
      path: 'm[1].d',
      reason: 'duplicate key',
    },
    {
      name: 'a duplicate after nested values',
      text: '{"a":{"b":[1,{"c":2}]},"z":[],"a":0}',
      path: 'a',
      reason: 'duplicate key',
    },
    {
      name: 'an escaped duplicate',
      text: '{"layers":[],"\\u006cayers":[]}',
      path: 'layers',
      reason: 'duplicate key',
    },
    {
      name: 'a duplicate with an odd name',
      text: '{"x":{"a b":1,"a b":2}}',
      path: 'x["a b"]',
      reason: 'duplicate key',
    },
    {
      name: 'a lone high surrogate key',
      text: '{"a":{"\\ud800":1}}',
      path: 'a',
      reason: 'key is not valid Unicode',
    },
    { name: 'a lone low surrogate key', text: '{"\\udfff":1}', path: '', reason: 'key is not valid Unicode' },
    {
      name: '65 levels',
      text: `${'['.repeat(65)}${']'.repeat(65)}`,
      path: `${'[0]'.repeat(63)}`,
      reason: 'nested deeper than 64 levels',
    },
    { name: 'trailing garbage', text: '{} x', path: '', reason: 'not valid JSON' },
    { name: 'a trailing comma', text: '{"a":1,}', path: '', reason: 'not valid JSON' },
  ])('$name', ({ text, path, reason }) => {
    let error: unknown;
    try {
      parseStrictJson(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).path).toBe(path);
    // V8 words JSON syntax errors differently across versions; only the start is ours.
    expect((error as FieldError).reason.startsWith(reason)).toBe(true);
  });

  it('puts nested documents under their base path', () => {
    expect(() => parseStrictJson('{"id":1,"id":2}', 'history[0].v1Compatibility')).toThrow(
      'history[0].v1Compatibility.id: duplicate key',
    );
  });

  it('scans a 4 MiB document in linear time', () => {
    const big = `{"a":[${Array.from({ length: 200_000 }, (_, i) => `{"k${i % 7}":"${'x'.repeat(8)}"}`).join(',')}]}`;
    const started = performance.now();
    parseStrictJson(big);
    // Generous bound: a quadratic scan of this input takes minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('parseJsonDocument', () => {
  it('names the document in its error', () => {
    expect(() => parseJsonDocument('{"manifests":[],"manifests":[]}', 'OCI layout index.json')).toThrow(
      InvalidManifestError,
    );
    expect(() => parseJsonDocument('{"a":1,"a":2}', 'docker-archive manifest.json')).toThrow(
      'invalid docker-archive manifest.json: a: duplicate key',
    );
    expect(parseJsonDocument(new TextEncoder().encode('[{"Config":"x"}]'), 'manifest.json')).toEqual([
      { Config: 'x' },
    ]);
  });
});
