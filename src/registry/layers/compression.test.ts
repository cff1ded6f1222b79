import { describe, expect, it } from 'vitest';
import { compressionFromMediaType, detectCompression } from './compression.js';

describe('detectCompression', () => {
  it.each([
    { name: 'gzip', head: [0x1f, 0x8b, 0x08, 0, 0, 0], want: 'gzip' },
    { name: 'zstd', head: [0x28, 0xb5, 0x2f, 0xfd, 0x04, 0], want: 'zstd' },
    { name: 'bzip2', head: [0x42, 0x5a, 0x68, 0x39, 0, 0], want: 'bzip2' },
    { name: 'xz', head: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], want: 'xz' },
    { name: 'a tar header', head: [...Buffer.from('etc/ho')], want: 'none' },
    { name: 'too short to tell', head: [0x28, 0xb5], want: 'none' },
    { name: 'nothing', head: [], want: 'none' },
  ])('$name', ({ head, want }) => {
    expect(detectCompression(Uint8Array.from(head))).toBe(want);
  });
});

describe('compressionFromMediaType', () => {
  it.each([
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', want: 'gzip' },
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', want: 'zstd' },
    { mediaType: 'application/vnd.oci.image.layer.v1.tar', want: 'none' },
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', want: 'gzip' },
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar', want: 'none' },
    { mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', want: 'zstd' },
    { mediaType: 'application/vnd.oci.image.config.v1+json', want: undefined },
    { mediaType: '', want: undefined },
  ])('$mediaType', ({ mediaType, want }) => {
    expect(compressionFromMediaType(mediaType)).toBe(want);
  });
});
