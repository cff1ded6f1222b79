import { describe, expect, it } from 'vitest';
import { goJson, goMap, goString } from './go-json.js';

describe('goString escapes as encoding/json does', () => {
  it.each([
    { name: 'plain', input: 'alpine', want: '"alpine"' },
    { name: 'html characters', input: 'a<b>&c', want: '"a\\u003cb\\u003e\\u0026c"' },
    { name: 'quote and backslash', input: 'say "hi"\\', want: '"say \\"hi\\"\\\\"' },
    { name: 'short escapes', input: 'a\nb\rc\td', want: '"a\\nb\\rc\\td"' },
    { name: 'other control', input: '\u0000\u001b\u007f', want: '"\\u0000\\u001b\u007f"' },
    { name: 'line separators', input: '\u2028\u2029', want: '"\\u2028\\u2029"' },
    { name: 'non-ascii kept', input: 'héllo 🐳', want: '"héllo 🐳"' },
    { name: 'lone surrogate', input: 'a\ud800b', want: '"a\ufffdb"' },
  ])('$name', ({ input, want }) => {
    expect(goString(input)).toBe(want);
  });
});

describe('goJson matches MarshalIndent with four spaces', () => {
  it('struct-ordered object with nested values', () => {
    const out = goJson({
      Repository: 'docker.io/library/x',
      Tags: ['a', 'b'],
      Empty: [],
      Map: {},
      Nil: null,
      Omitted: undefined,
      N: -1,
      B: false,
    });
    expect(out).toBe(
      [
        '{',
        '    "Repository": "docker.io/library/x",',
        '    "Tags": [',
        '        "a",',
        '        "b"',
        '    ],',
        '    "Empty": [],',
        '    "Map": {},',
        '    "Nil": null,',
        '    "N": -1,',
        '    "B": false',
        '}',
      ].join('\n'),
    );
  });

  it('nested arrays of objects', () => {
    expect(goJson([{ a: 1 }])).toBe('[\n    {\n        "a": 1\n    }\n]');
  });

  it('maps sort their keys by byte order', () => {
    expect(Object.keys(goMap({ b: 1, a: 2, B: 3, é: 4, z: 5 })!)).toEqual(['B', 'a', 'b', 'z', 'é']);
    expect(goMap(null)).toBeNull();
  });

  it('refuses what Go cannot encode', () => {
    expect(() => goJson({ x: Number.NaN })).toThrow(/unsupported/);
  });
});
