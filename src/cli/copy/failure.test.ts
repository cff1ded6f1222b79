import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../registry/http/index.js';
import { SourceError } from './copy-once.js';
import { copyExitCode } from './failure.js';

const notFound = new RegistryError({
  status: 404,
  method: 'GET',
  url: 'http://r/v2/x/manifests/1',
  errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }],
});

describe('copyExitCode', () => {
  it.each([
    {
      name: 'missing source image: 2',
      err: new SourceError('initializing source', { cause: notFound }),
      want: 2,
    },
    {
      name: 'unreadable source, not a 404: 1',
      err: new SourceError('initializing source', { cause: new Error('EACCES') }),
      want: 1,
    },
    { name: '404 from the destination: 1', err: new Error('writing manifest', { cause: notFound }), want: 1 },
    { name: 'anything else: 1', err: new Error('boom'), want: 1 },
  ])('$name', ({ err, want }) => {
    expect(copyExitCode(err, false)).toBe(want);
  });

  it('Ctrl-C: 130 whatever the error', () => {
    expect(copyExitCode(new SourceError('x', { cause: notFound }), true)).toBe(130);
  });
});
