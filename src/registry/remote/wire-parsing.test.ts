import { describe, expect, it } from 'vitest';
import { isExactResume, parseContentRange } from './content-range.js';
import { nextLinkTarget, nextPageUrl } from './link.js';
import { withQueryParam } from './location.js';
import { parseRateLimit } from './rate-limit.js';

describe('Link pagination', () => {
  it.each([
    {
      name: 'distribution style',
      values: ['</v2/_catalog?last=b&n=2>; rel="next"'],
      want: '/v2/_catalog?last=b&n=2',
    },
    {
      name: 'unquoted rel',
      values: ['</v2/x/tags/list?n=1&last=a>; rel=next'],
      want: '/v2/x/tags/list?n=1&last=a',
    },
    {
      name: 'several links',
      values: ['<https://r/a>; rel="prev", <https://r/b>; rel="next"'],
      want: 'https://r/b',
    },
    { name: 'rel list', values: ['</p?x=1>; rel="last next"'], want: '/p?x=1' },
    { name: 'second header', values: ['</a>; rel="prev"', '</b>; rel="next"'], want: '/b' },
    { name: 'no next', values: ['</a>; rel="prev"'], want: undefined },
    { name: 'garbage', values: ['not a link at all'], want: undefined },
    { name: 'none', values: [], want: undefined },
  ])('$name', ({ values, want }) => {
    expect(nextLinkTarget(values)).toBe(want);
  });

  it.each([
    {
      name: 'relative stays on origin',
      link: '</v2/_catalog?n=2&last=b>; rel="next"',
      want: 'http://127.0.0.1:5000/v2/_catalog?n=2&last=b',
    },
    {
      name: 'absolute same origin',
      link: '<http://127.0.0.1:5000/v2/x>; rel="next"',
      want: 'http://127.0.0.1:5000/v2/x',
    },
    { name: 'other host refused', link: '<http://evil.example/v2/x>; rel="next"', error: /another origin/ },
    { name: 'other port refused', link: '<http://127.0.0.1:5001/v2/x>; rel="next"', error: /another origin/ },
    {
      name: 'scheme change refused',
      link: '<https://127.0.0.1:5000/v2/x>; rel="next"',
      error: /another origin/,
    },
  ])('nextPageUrl: $name', ({ link, want, error }) => {
    const current = new URL('http://127.0.0.1:5000/v2/_catalog?n=2');
    if (error) expect(() => nextPageUrl(current, [link])).toThrow(error);
    else expect(nextPageUrl(current, [link])?.href).toBe(want);
  });
});

describe('Docker Hub rate limit headers', () => {
  it.each([
    {
      name: 'both with window',
      headers: {
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '76;w=21600',
        'docker-ratelimit-source': '203.0.113.9',
      },
      want: { limit: 100, remaining: 76, windowSeconds: 21600, source: '203.0.113.9' },
    },
    {
      name: 'no window',
      headers: { 'ratelimit-limit': '10', 'ratelimit-remaining': '0' },
      want: { limit: 10, remaining: 0 },
    },
    { name: 'absent (unlimited)', headers: {}, want: undefined },
    { name: 'only limit', headers: { 'ratelimit-limit': '100;w=21600' }, want: undefined },
    { name: 'garbage', headers: { 'ratelimit-limit': 'lots', 'ratelimit-remaining': '-1' }, want: undefined },
  ])('$name', ({ headers, want }) => {
    expect(parseRateLimit(headers)).toEqual(want);
  });
});

describe('Content-Range for resumed downloads', () => {
  it.each([
    { name: 'exact', value: 'bytes 100-999/1000', offset: 100, size: 1000, exact: true },
    { name: 'unknown total', value: 'bytes 100-999/*', offset: 100, size: 1000, exact: true },
    { name: 'wrong start', value: 'bytes 0-999/1000', offset: 100, size: 1000, exact: false },
    { name: 'short end', value: 'bytes 100-998/1000', offset: 100, size: 1000, exact: false },
    { name: 'wrong total', value: 'bytes 100-999/2000', offset: 100, size: 1000, exact: false },
    { name: 'missing', value: undefined, offset: 100, size: 1000, exact: false },
    { name: 'malformed', value: 'bytes=100-999/1000', offset: 100, size: 1000, exact: false },
    { name: 'reversed', value: 'bytes 999-100/1000', offset: 100, size: 1000, exact: false },
  ])('$name', ({ value, offset, size, exact }) => {
    expect(isExactResume(parseContentRange(value), offset, size)).toBe(exact);
  });
});

describe('upload Location handling', () => {
  it.each([
    {
      name: 'keeps distribution state byte for byte',
      location: 'http://r:5000/v2/a/blobs/uploads/u1?_state=ab%2Bcd%3D%3D&x=1',
      want: 'http://r:5000/v2/a/blobs/uploads/u1?_state=ab%2Bcd%3D%3D&x=1&digest=sha256%3Aabc',
    },
    {
      name: 'no query',
      location: 'http://r:5000/v2/a/blobs/uploads/u1',
      want: 'http://r:5000/v2/a/blobs/uploads/u1?digest=sha256%3Aabc',
    },
    {
      name: 'signed URL with plus and slash',
      location: 'https://store.example/up?sig=a+b/c==&X-Amz-Date=1',
      want: 'https://store.example/up?sig=a+b/c==&X-Amz-Date=1&digest=sha256%3Aabc',
    },
  ])('$name', ({ location, want }) => {
    expect(withQueryParam(new URL(location), 'digest', 'sha256:abc').href).toBe(want);
  });
});
