import { describe, expect, it } from 'vitest';
import { type Hop, headersFor, nextHop } from './redirect.js';
import type { HttpMethod } from './types.js';

async function* stream(): AsyncIterable<Uint8Array> {
  yield new Uint8Array([1]);
}

function hop(method: HttpMethod, url: string, body?: Hop['body']): Hop {
  return {
    method,
    url: new URL(url),
    headers: { 'content-type': 'application/json', range: 'bytes=0-' },
    body,
  };
}

describe('nextHop', () => {
  it.each([
    {
      name: 'relative location',
      from: hop('GET', 'https://a/v2/x'),
      status: 307,
      location: '/b',
      url: 'https://a/b',
      method: 'GET',
    },
    {
      name: 'absolute location',
      from: hop('GET', 'https://a/x'),
      status: 302,
      location: 'https://b:8443/y?q=1',
      url: 'https://b:8443/y?q=1',
      method: 'GET',
    },
    {
      name: 'http to https is allowed',
      from: hop('GET', 'http://a/x'),
      status: 301,
      location: 'https://a/x',
      url: 'https://a/x',
      method: 'GET',
    },
    {
      name: '303 turns PUT into GET',
      from: hop('PUT', 'https://a/x', 'data'),
      status: 303,
      location: '/y',
      url: 'https://a/y',
      method: 'GET',
    },
    {
      name: '303 keeps HEAD',
      from: hop('HEAD', 'https://a/x'),
      status: 303,
      location: '/y',
      url: 'https://a/y',
      method: 'HEAD',
    },
    {
      name: '302 turns POST into GET',
      from: hop('POST', 'https://a/x', 'data'),
      status: 302,
      location: '/y',
      url: 'https://a/y',
      method: 'GET',
    },
    {
      name: '307 keeps PUT with bytes',
      from: hop('PUT', 'https://a/x', new Uint8Array([1])),
      status: 307,
      location: '/y',
      url: 'https://a/y',
      method: 'PUT',
    },
    {
      name: '308 keeps PATCH with a string',
      from: hop('PATCH', 'https://a/x', 'abc'),
      status: 308,
      location: '/y',
      url: 'https://a/y',
      method: 'PATCH',
    },
    {
      name: '303 drops even a streamed body',
      from: hop('PUT', 'https://a/x', stream()),
      status: 303,
      location: '/y',
      url: 'https://a/y',
      method: 'GET',
    },
  ])('$name', ({ from, status, location, url, method }) => {
    const next = nextHop(from, status, location);
    expect(next.url.href).toBe(url);
    expect(next.method).toBe(method);
    if (method !== from.method) {
      expect(next.body).toBeUndefined();
      expect(next.headers['content-type']).toBeUndefined();
    } else {
      expect(next.body).toBe(from.body);
    }
    expect(next.headers.range).toBe('bytes=0-');
  });

  it.each([
    {
      name: 'https to http, same host',
      from: hop('GET', 'https://a/x'),
      status: 302,
      location: 'http://a/x',
      message: /refusing redirect from https to plain http/,
    },
    {
      name: 'https to http, other host',
      from: hop('GET', 'https://a/x'),
      status: 307,
      location: 'http://b/x',
      message: /refusing redirect from https to plain http/,
    },
    {
      name: 'non-http scheme',
      from: hop('GET', 'https://a/x'),
      status: 302,
      location: 'file:///etc/passwd',
      message: /refusing redirect to "file:" URL/,
    },
    {
      name: 'invalid location',
      from: hop('GET', 'https://a/x'),
      status: 302,
      location: 'http://[zz',
      message: /invalid location/,
    },
    {
      name: 'streamed body cannot follow 307',
      from: hop('PUT', 'https://a/x', stream()),
      status: 307,
      location: '/y',
      message: /streamed body was already sent/,
    },
  ])('refuses: $name', ({ from, status, location, message }) => {
    expect(() => nextHop(from, status, location)).toThrow(message);
  });

  it('redacts secrets of both URLs in its errors', () => {
    const from = hop('GET', 'https://u:S3CR3T@a/x?token=S3CR3T');
    expect(() => nextHop(from, 302, 'http://b/y?X-Amz-Signature=S3CR3T')).toThrow(/^(?!.*S3CR3T).*$/);
  });
});

describe('headersFor', () => {
  const headers = {
    authorization: 'Bearer t',
    cookie: 'c',
    'proxy-authorization': 'p',
    accept: 'a',
    range: 'r',
  };
  it.each([
    { name: 'same origin keeps everything', url: 'https://a:443/other', want: headers },
    {
      name: 'other host loses credentials',
      url: 'https://b/x',
      want: { accept: 'a', range: 'r' },
    },
    { name: 'other port is another origin', url: 'https://a:8443/x', want: { accept: 'a', range: 'r' } },
    { name: 'other scheme is another origin', url: 'http://a/x', want: { accept: 'a', range: 'r' } },
  ])('$name', ({ url, want }) => {
    expect(headersFor(headers, new URL(url), 'https://a')).toEqual(want);
  });
});
