import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_TEXT_LIMIT,
  type Challenge,
  challengeScopes,
  insufficientScope,
  MAX_CHALLENGES,
  MAX_PARAMS,
  parseWwwAuthenticate,
} from './challenge.js';

// Plain objects for comparison: the parser returns null-prototype params.
const plain = (chs: Challenge[]): unknown => chs.map((c) => ({ ...c, params: { ...c.params } }));

const HUB = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"';

describe('parseWwwAuthenticate', () => {
  const cases: Array<{ name: string; values: string[]; want: unknown }> = [
    {
      name: 'Docker Hub bearer',
      values: [HUB],
      want: [
        {
          scheme: 'bearer',
          params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' },
        },
      ],
    },
    {
      name: 'basic with realm',
      values: ['Basic realm="Registry Realm"'],
      want: [{ scheme: 'basic', params: { realm: 'Registry Realm' } }],
    },
    {
      name: 'scheme and names are case-insensitive',
      values: ['BeArEr ReAlM="https://a/t",SERVICE="s"'],
      want: [{ scheme: 'bearer', params: { realm: 'https://a/t', service: 's' } }],
    },
    {
      name: 'values keep their case',
      values: ['Bearer realm="https://A/Token"'],
      want: [{ scheme: 'bearer', params: { realm: 'https://A/Token' } }],
    },
    {
      name: 'comma inside quotes',
      values: ['Bearer realm="https://a/t",scope="repository:a/b:pull,push",error="insufficient_scope"'],
      want: [
        {
          scheme: 'bearer',
          params: { realm: 'https://a/t', scope: 'repository:a/b:pull,push', error: 'insufficient_scope' },
        },
      ],
    },
    {
      name: 'escaped quote and backslash',
      values: ['Basic realm="say \\"hi\\" \\\\ ok"'],
      want: [{ scheme: 'basic', params: { realm: 'say "hi" \\ ok' } }],
    },
    {
      name: 'unquoted token values, including a URL',
      values: ['Bearer realm=https://a/token,service=reg,scope=repository:x:pull'],
      want: [
        {
          scheme: 'bearer',
          params: { realm: 'https://a/token', service: 'reg', scope: 'repository:x:pull' },
        },
      ],
    },
    {
      name: 'whitespace around = and commas',
      values: ['Bearer   realm = "r" ,  service="s"  '],
      want: [{ scheme: 'bearer', params: { realm: 'r', service: 's' } }],
    },
    {
      name: 'two challenges in one header',
      values: ['Basic realm="b", Bearer realm="https://a/t",service="s"'],
      want: [
        { scheme: 'basic', params: { realm: 'b' } },
        { scheme: 'bearer', params: { realm: 'https://a/t', service: 's' } },
      ],
    },
    {
      name: 'two headers',
      values: ['Basic realm="b"', HUB],
      want: [
        { scheme: 'basic', params: { realm: 'b' } },
        {
          scheme: 'bearer',
          params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' },
        },
      ],
    },
    {
      name: 'scheme without params',
      values: ['Bearer'],
      want: [{ scheme: 'bearer', params: {} }],
    },
    {
      name: 'token68',
      values: ['Negotiate YIIB/w==, Basic realm="x"'],
      want: [
        { scheme: 'negotiate', params: {}, token68: 'YIIB/w==' },
        { scheme: 'basic', params: { realm: 'x' } },
      ],
    },
    {
      name: 'duplicate params keep the first value',
      values: ['Bearer realm="https://good/t",realm="http://evil/t"'],
      want: [{ scheme: 'bearer', params: { realm: 'https://good/t' } }],
    },
    {
      name: 'missing close quote drops the param and the rest of that header',
      values: ['Bearer service="s",realm="https://a/t, Basic realm=x'],
      want: [{ scheme: 'bearer', params: { service: 's' } }],
    },
    {
      name: 'trailing backslash inside quotes is unterminated',
      values: ['Bearer realm="abc\\'],
      want: [{ scheme: 'bearer', params: {} }],
    },
    {
      name: 'an unterminated header does not affect the next header',
      values: ['Bearer realm="abc', 'Basic realm="x"'],
      want: [
        { scheme: 'bearer', params: {} },
        { scheme: 'basic', params: { realm: 'x' } },
      ],
    },
    {
      name: 'empty value',
      values: ['Bearer realm="",service='],
      want: [{ scheme: 'bearer', params: { realm: '', service: '' } }],
    },
    {
      name: 'params before any scheme are skipped',
      values: ['realm="x", Basic realm="y"'],
      want: [{ scheme: 'basic', params: { realm: 'y' } }],
    },
    {
      name: 'junk characters are skipped',
      values: ['@@@ Basic realm="y" ;;'],
      want: [{ scheme: 'basic', params: { realm: 'y' } }],
    },
    { name: 'empty header', values: [''], want: [] },
    { name: 'only commas and spaces', values: [' , ,, '], want: [] },
    { name: 'no headers', values: [], want: [] },
    {
      name: '__proto__ is an ordinary parameter',
      values: ['Bearer __proto__="x",realm="r"'],
      want: [{ scheme: 'bearer', params: { ['__proto__']: 'x', realm: 'r' } }],
    },
  ];

  it.each(cases)('$name', ({ values, want }) => {
    const got = parseWwwAuthenticate(values);
    expect(plain(got)).toEqual(want);
  });

  it('keeps __proto__ as data without touching prototypes', () => {
    const [ch] = parseWwwAuthenticate(['Bearer __proto__="polluted"']);
    expect(Object.getPrototypeOf(ch?.params)).toBeNull();
    expect(Object.hasOwn(ch?.params ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds a huge header: 8 KiB value parses, beyond the text limit is ignored', () => {
    const long = 'x'.repeat(8 * 1024);
    const [ch] = parseWwwAuthenticate([`Bearer realm="https://a/t",service="${long}"`]);
    expect(ch?.params.service).toHaveLength(8 * 1024);
    const tooLong = `Bearer realm="${'y'.repeat(CHALLENGE_TEXT_LIMIT)}"`;
    // The closing quote lies past the limit, so the realm is dropped (unterminated), deterministically.
    expect(plain(parseWwwAuthenticate([tooLong]))).toEqual([{ scheme: 'bearer', params: {} }]);
  });

  it('caps the number of challenges and params', () => {
    const many = Array.from({ length: 100 }, (_, i) => `S${i} a=b`).join(', ');
    expect(parseWwwAuthenticate([many])).toHaveLength(MAX_CHALLENGES);
    const params = Array.from({ length: 100 }, (_, i) => `p${i}=v`).join(',');
    const [ch] = parseWwwAuthenticate([`Bearer ${params}`]);
    expect(Object.keys(ch?.params ?? {})).toHaveLength(MAX_PARAMS);
  });

  it('never throws on random input', () => {
    // A small deterministic fuzz: LCG-generated strings over the characters that matter.
    const alphabet = 'Bearer realm=",\\ \t=abc\x00\x1b\u202e';
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = rand(80);
      for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)];
      const got = parseWwwAuthenticate([s, s]);
      expect(got.length).toBeLessThanOrEqual(MAX_CHALLENGES);
    }
  });
});

describe('insufficientScope and challengeScopes', () => {
  const cases = [
    {
      name: 'insufficient_scope',
      header: 'Bearer realm="r",error="insufficient_scope",scope="repository:a:pull"',
      want: true,
      scopes: ['repository:a:pull'],
    },
    {
      name: 'case-insensitive error value',
      header: 'Bearer realm="r",error="INSUFFICIENT_SCOPE"',
      want: true,
      scopes: [],
    },
    { name: 'invalid_token', header: 'Bearer realm="r",error="invalid_token"', want: false, scopes: [] },
    {
      name: 'no error',
      header: 'Bearer realm="r",scope="repository:a:pull repository:b:push"',
      want: false,
      scopes: ['repository:a:pull', 'repository:b:push'],
    },
  ];
  it.each(cases)('$name', ({ header, want, scopes }) => {
    const [ch] = parseWwwAuthenticate([header]);
    expect(ch).toBeDefined();
    expect(insufficientScope(ch as Challenge)).toBe(want);
    expect(challengeScopes(ch as Challenge)).toEqual(scopes);
  });
});
