import { describe, expect, it } from 'vitest';
import { checkResponse, isNotFound, parseErrorBody, RegistryError } from './registry-error.js';
import type { HttpMethod, HttpResponse } from './types.js';

/** A response whose body is `body`, delivered in 1 KiB chunks. */
function response(
  status: number,
  body: string,
  opts: { method?: HttpMethod; headers?: Record<string, string> } = {},
) {
  let dumped = false;
  const bytes = new TextEncoder().encode(body);
  const res: HttpResponse & { dumped(): boolean } = {
    status,
    headers: opts.headers ?? {},
    headerValues: (name) => (opts.headers?.[name] !== undefined ? [opts.headers[name]!] : []),
    url: new URL('https://u:pw@reg.example/v2/lib/app/manifests/v1?_state=S3CR3T'),
    method: opts.method ?? 'GET',
    body: (async function* () {
      for (let i = 0; i < bytes.length; i += 1024) yield bytes.subarray(i, i + 1024);
    })(),
    dump: async () => {
      dumped = true;
    },
    dumped: () => dumped,
  };
  return res;
}

async function errorOf(promise: Promise<void>): Promise<RegistryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

describe('parseErrorBody', () => {
  it.each([
    {
      name: 'spec document',
      text: '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"v1"}}]}',
      want: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'v1' } }],
    },
    {
      name: 'several errors',
      text: '{"errors":[{"code":"UNAUTHORIZED","message":"a"},{"code":"DENIED","message":"b"}]}',
      want: [
        { code: 'UNAUTHORIZED', message: 'a' },
        { code: 'DENIED', message: 'b' },
      ],
    },
    {
      name: 'missing message',
      text: '{"errors":[{"code":"DENIED"}]}',
      want: [{ code: 'DENIED', message: '' }],
    },
    {
      name: 'non-string code',
      text: '{"errors":[{"code":42,"message":"m"}]}',
      want: [{ code: 'UNKNOWN', message: 'm' }],
    },
    {
      name: 'entries that are not objects are skipped',
      text: '{"errors":["x",null,{"code":"A"}]}',
      want: [{ code: 'A', message: '' }],
    },
    { name: 'not JSON', text: '<html>502</html>', want: [] },
    { name: 'JSON without errors', text: '{"message":"nope"}', want: [] },
    { name: 'errors not an array', text: '{"errors":{"code":"X"}}', want: [] },
    { name: 'JSON null', text: 'null', want: [] },
    {
      name: 'hostile message is sanitised',
      text: JSON.stringify({
        errors: [{ code: 'DENIED\x1b[2J', message: '\x1b]52;c;ZXZpbA==\x07denied\r\nOK \x1b[32mgreen' }],
      }),
      want: [{ code: 'DENIED', message: 'denied OK green' }],
    },
  ])('$name', ({ text, want }) => {
    expect(parseErrorBody(text)).toEqual(want);
  });

  it('keeps at most 16 entries and caps message length', () => {
    const errors = Array.from({ length: 100 }, () => ({ code: 'X', message: 'm'.repeat(5000) }));
    const parsed = parseErrorBody(JSON.stringify({ errors }));
    expect(parsed).toHaveLength(16);
    expect(parsed[0]!.message.length).toBeLessThanOrEqual(512);
  });
});

describe('RegistryError', () => {
  it.each([
    {
      name: 'spec code',
      init: {
        status: 404,
        method: 'GET',
        url: 'https://reg/v2/x/manifests/y',
        errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }],
      },
      message: 'GET https://reg/v2/x/manifests/y: 404 Not Found (MANIFEST_UNKNOWN: manifest unknown)',
      code: 'MANIFEST_UNKNOWN',
    },
    {
      name: 'two errors',
      init: {
        status: 401,
        method: 'HEAD',
        url: 'https://reg/v2/',
        errors: [
          { code: 'UNAUTHORIZED', message: 'authentication required' },
          { code: 'DENIED', message: '' },
        ],
      },
      message: 'HEAD https://reg/v2/: 401 Unauthorized (UNAUTHORIZED: authentication required; DENIED)',
      code: 'UNAUTHORIZED',
    },
    {
      name: 'code implied by 401',
      init: { status: 401, method: 'GET', url: 'https://reg/v2/' },
      message: 'GET https://reg/v2/: 401 Unauthorized',
      code: 'UNAUTHORIZED',
    },
    {
      name: 'code implied by 403',
      init: { status: 403, method: 'GET', url: 'https://reg/v2/' },
      message: 'GET https://reg/v2/: 403 Forbidden',
      code: 'DENIED',
    },
    {
      name: 'code implied by 429',
      init: { status: 429, method: 'GET', url: 'https://reg/v2/' },
      message: 'GET https://reg/v2/: 429 Too Many Requests',
      code: 'TOOMANYREQUESTS',
    },
    {
      name: 'no code for a bare 500',
      init: { status: 500, method: 'GET', url: 'https://reg/v2/' },
      message: 'GET https://reg/v2/: 500 Internal Server Error',
      code: undefined,
    },
    {
      name: 'unknown status',
      init: { status: 599, method: 'GET', url: 'https://reg/v2/' },
      message: 'GET https://reg/v2/: 599 Unknown Status',
      code: undefined,
    },
    {
      name: 'URL redacted',
      init: {
        status: 400,
        method: 'PUT',
        url: 'https://user:S3CR3T@reg/v2/x/blobs/uploads/1?_state=S3CR3T&digest=sha256%3Aab',
      },
      message: 'PUT https://reg/v2/x/blobs/uploads/1?_state=REDACTED&digest=sha256%3Aab: 400 Bad Request',
      code: undefined,
    },
  ])('$name', ({ init, message, code }) => {
    const err = new RegistryError(init);
    expect(err.message).toBe(message);
    expect(err.code).toBe(code);
    expect(err.url).not.toContain('S3CR3T');
    expect(err.name).toBe('RegistryError');
  });
});

describe('checkResponse', () => {
  it('resolves for an expected status without touching the body', async () => {
    const res = response(201, 'ignored');
    await expect(checkResponse(res, 200, 201)).resolves.toBeUndefined();
    expect(res.dumped()).toBe(false);
  });

  it('throws a RegistryError with the parsed errors and a redacted URL', async () => {
    const res = response(404, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    const err = await errorOf(checkResponse(res, 200));
    expect(err.message).toBe(
      'GET https://reg.example/v2/lib/app/manifests/v1?_state=REDACTED: 404 Not Found (MANIFEST_UNKNOWN: manifest unknown)',
    );
    expect(err.status).toBe(404);
    expect(err.method).toBe('GET');
    expect(res.dumped()).toBe(true);
  });

  it('sanitises a hostile message with terminal escapes', async () => {
    const hostile = JSON.stringify({
      errors: [{ code: 'DENIED', message: '\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07access denied\u202E\r\x1b[1A' }],
    });
    const err = await errorOf(checkResponse(response(403, hostile), 200));
    expect(err.message).toBe(
      'GET https://reg.example/v2/lib/app/manifests/v1?_state=REDACTED: 403 Forbidden (DENIED: access denied)',
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(err.message).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
  });

  it('quotes a short sanitised excerpt of a non-JSON body', async () => {
    const err = await errorOf(
      checkResponse(response(502, '<html>\n<h1>Bad \x1b[31mGateway</h1>\n</html>'), 200),
    );
    expect(err.message).toMatch(/502 Bad Gateway \(body: "<html> <h1>Bad Gateway<\/h1> <\/html>"\)$/);
  });

  it('does not quote the body of a HEAD response', async () => {
    const err = await errorOf(checkResponse(response(500, 'oops', { method: 'HEAD' }), 200));
    expect(err.message).toBe(
      'HEAD https://reg.example/v2/lib/app/manifests/v1?_state=REDACTED: 500 Internal Server Error',
    );
  });

  it('reads at most 64 KiB of an error body and still reports the status', async () => {
    const huge = JSON.stringify({ errors: [{ code: 'X', message: 'y'.repeat(200_000) }] });
    const res = response(500, huge);
    const err = await errorOf(checkResponse(res, 200));
    expect(err.errors).toEqual([]);
    expect(err.message).toBe(
      'GET https://reg.example/v2/lib/app/manifests/v1?_state=REDACTED: 500 Internal Server Error',
    );
    expect(res.dumped()).toBe(true);
  });

  it.each([
    { name: 'seconds', header: '30', want: 30_000 },
    { name: 'absent', header: undefined, want: undefined },
  ])('carries Retry-After ($name)', async ({ header, want }) => {
    const headers: Record<string, string> = header === undefined ? {} : { 'retry-after': header };
    const err = await errorOf(checkResponse(response(429, '', { headers }), 200));
    expect(err.retryAfterMs).toBe(want);
    expect(err.code).toBe('TOOMANYREQUESTS');
  });
});

describe('isNotFound', () => {
  const notFound = new RegistryError({ status: 404, method: 'GET', url: 'https://r/' });
  const nameUnknown = new RegistryError({
    status: 400,
    method: 'GET',
    url: 'https://r/',
    errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known' }],
  });
  const blobUnknown = new RegistryError({
    status: 400,
    method: 'GET',
    url: 'https://r/',
    errors: [{ code: 'BLOB_UNKNOWN', message: '' }],
  });
  it.each([
    { name: '404', err: notFound, want: true },
    { name: 'NAME_UNKNOWN on another status', err: nameUnknown, want: true },
    { name: 'BLOB_UNKNOWN', err: blobUnknown, want: true },
    {
      name: 'wrapped in a cause chain',
      err: new Error('fetching manifest x', { cause: notFound }),
      want: true,
    },
    {
      name: 'unauthorized',
      err: new RegistryError({ status: 401, method: 'GET', url: 'https://r/' }),
      want: false,
    },
    { name: 'plain error', err: new Error('404'), want: false },
    { name: 'not an error', err: { status: 404 }, want: false },
  ])('$name', ({ err, want }) => {
    expect(isNotFound(err)).toBe(want);
  });
});
