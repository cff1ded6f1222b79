import { describe, expect, it } from 'vitest';
import { refMatchingPrefix } from './prefix-match.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('refMatchingPrefix', () => {
  it.each([
    // host prefixes
    { ref: 'docker.io', prefix: 'docker.io', want: 9 },
    { ref: 'docker.io', prefix: 'example.com', want: -1 },
    { ref: 'example.com:5000', prefix: 'example.com:5000', want: 16 },
    { ref: 'example.com:50000', prefix: 'example.com:5000', want: -1 },
    { ref: 'example.com/foo/bar:baz', prefix: 'example.com', want: 11 },
    { ref: `example.com/foo@${DIGEST}`, prefix: 'example.com', want: 11 },
    // repository and namespace prefixes
    { ref: 'docker.io', prefix: 'docker.io/library', want: -1 },
    { ref: 'docker.io/library/busybox', prefix: 'docker.io/library', want: 17 },
    { ref: 'docker.io/libraryy', prefix: 'docker.io/library', want: -1 },
    { ref: 'docker.io/library/busybox2', prefix: 'docker.io/library/busybox', want: -1 },
    // single-image prefixes
    { ref: 'example.com/foo', prefix: 'example.com/foo:bar', want: -1 },
    { ref: 'example.com/foo:bar', prefix: 'example.com/foo:bar', want: 19 },
    { ref: 'example.com/foo:bar2', prefix: 'example.com/foo:bar', want: -1 },
    // wildcards cover the host only
    { ref: 'docker.io', prefix: '*.io', want: 9 },
    { ref: 'docker.io/foo', prefix: '*.com', want: -1 },
    { ref: 'example.com/foo', prefix: '*.example.com', want: -1 },
    { ref: 'example.com/foo:bar', prefix: '*.com', want: 11 },
    { ref: 'sub.example.com/foo/bar', prefix: '*.example.com', want: 15 },
    { ref: 'yet.another.example.com/foo', prefix: '**.example.com', want: -1 },
    { ref: 'another.example.com/namespace.com/foo:baz', prefix: '*.example.com', want: 19 },
    { ref: 'example.net/namespace-ends-in.com/foo', prefix: '*.com', want: -1 },
    { ref: 'another.example.com/namespace.com/foo', prefix: '*.namespace.com', want: -1 },
    { ref: 'example.com/foo', prefix: '*', want: -1 },
  ])('$ref vs $prefix → $want', ({ ref, prefix, want }) => {
    expect(refMatchingPrefix(ref, prefix)).toBe(want);
  });
});
