/**
 * Shared by the copy and sync compatibility suites: reading results with skopeo itself
 * (`skopeo inspect --raw`, byte for byte), and splitting progress output into skopeo's
 * fixed lines and per-blob lines so berth's stderr can be compared with skopeo's stdout.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
  MEDIA_TYPES,
  type Platform,
  type PushedImage,
  pushImage,
  pushTarget,
  putManifest,
  type RegistryInstance,
  tarGz,
} from '../harness/index.js';

const run = promisify(execFile);

/** The raw manifest skopeo reads at `image` (`--insecure-policy`: the machine's policy is not under test). */
export async function skopeoRaw(image: string, flags: string[], env: NodeJS.ProcessEnv): Promise<Buffer> {
  const { stdout } = await run('skopeo', ['--insecure-policy', 'inspect', '--raw', ...flags, image], {
    encoding: 'buffer',
    env,
    maxBuffer: 16 << 20,
  });
  return stdout;
}

/** sha256 of what skopeo reads at `image`. */
export async function skopeoDigest(image: string, flags: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return `sha256:${createHash('sha256')
    .update(await skopeoRaw(image, flags, env))
    .digest('hex')}`;
}

/** A real tar.gz layer (archive transports unpack layers, so random bytes will not do). */
export function gzLayer(size: number): Uint8Array {
  return tarGz([{ name: 'data.bin', content: randomBytes(size) }]);
}

const BLOB_LINE = /^Copying (blob|config) (sha256:[0-9a-f]{64})(?: (.*))?$/;

/** Output lines split into per-blob lines (`kind digest`, with berth's outcome) and the rest, in order. */
export function splitLines(text: string): {
  blobs: Array<{ key: string; outcome: string }>;
  fixed: string[];
} {
  const blobs: Array<{ key: string; outcome: string }> = [];
  const fixed: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = BLOB_LINE.exec(line);
    if (m) blobs.push({ key: `${m[1]} ${m[2]}`, outcome: m[3] ?? '' });
    else fixed.push(line);
  }
  return { blobs, fixed };
}

/** The log lines of a sync, without their (varying) time. */
export function logLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('time='))
    .map((l) => l.replace(/^time="[^"]*" /, ''));
}

/**
 * A multi-arch OCI index whose images have real tar.gz layers. (The harness's `pushIndex`
 * uses random bytes, which containers/image recompresses when it pushes them, so skopeo's
 * copies would never keep their digests.)
 */
export async function pushGzIndex(
  reg: RegistryInstance,
  opts: { repository: string; tag: string; platforms: Platform[] },
): Promise<{ digest: string; images: PushedImage[] }> {
  const images: PushedImage[] = [];
  for (const platform of opts.platforms) {
    images.push(await pushImage(reg, { repository: opts.repository, layers: [gzLayer(4000)], platform }));
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.oci.index,
    manifests: images.map((image, i) => ({
      mediaType: image.mediaType,
      digest: image.digest,
      size: image.manifestBytes.length,
      platform: opts.platforms[i],
    })),
  };
  const target = await pushTarget(reg, opts.repository, undefined, undefined);
  const pushed = await putManifest(target, opts.tag, manifest, MEDIA_TYPES.oci.index);
  return { digest: pushed.digest, images };
}
