import { describe, expect, it } from 'vitest';
import { RegistryError } from '../registry/http/index.js';
import { LayoutImageNotFoundError } from '../registry/transports/oci/index.js';
import { describeError, exitCodeFor } from './errors.js';

function registryError(
  status: number,
  code: string | undefined,
  url = 'https://r/v2/a/manifests/x',
): RegistryError {
  return new RegistryError({
    status,
    method: 'GET',
    url,
    errors: code ? [{ code, message: code.toLowerCase() }] : [],
  });
}

describe('exit codes', () => {
  it.each([
    { name: 'manifest unknown', err: registryError(404, 'MANIFEST_UNKNOWN'), code: 2 },
    { name: 'name unknown', err: registryError(404, 'NAME_UNKNOWN'), code: 2 },
    { name: 'bare 404 on a manifest', err: registryError(404, undefined), code: 2 },
    {
      name: 'wrapped',
      err: new Error('inspecting x', { cause: registryError(404, 'MANIFEST_UNKNOWN') }),
      code: 2,
    },
    {
      name: 'missing blob is a broken image',
      err: registryError(404, 'BLOB_UNKNOWN', 'https://r/v2/a/blobs/sha256:x'),
      code: 1,
    },
    { name: 'bare 404 elsewhere', err: registryError(404, undefined, 'https://r/v2/a/tags/list'), code: 1 },
    { name: 'unauthorized', err: registryError(401, 'UNAUTHORIZED'), code: 1 },
    {
      name: 'layout without the image',
      err: new LayoutImageNotFoundError('no image "x" in layout'),
      code: 2,
    },
    { name: 'anything else', err: new Error('boom'), code: 1 },
  ])('$name → $code', ({ err, code }) => {
    expect(exitCodeFor(err)).toBe(code);
  });
});

describe('describeError', () => {
  it('joins the cause chain on one line and escapes control characters', () => {
    const err = new Error('copying x', { cause: new Error('fetching y\nline two \u001b[2J') });
    expect(describeError(err)).toBe('copying x: fetching y line two \\x1b[2J');
  });
  it('does not repeat a cause already in the message', () => {
    const inner = new Error('404 Not Found');
    expect(describeError(new Error('reading x: 404 Not Found', { cause: inner }))).toBe(
      'reading x: 404 Not Found',
    );
  });
});
