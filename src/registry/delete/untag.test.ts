import { describe, expect, it } from 'vitest';
import { type Digest, digestOf } from '../digest/index.js';
import { RegistryError } from '../http/index.js';
import { MEDIA_TYPES, parseManifest } from '../manifest/index.js';
import {
  EMPTY_BLOB_DIGEST,
  PLACEHOLDER_ANNOTATION,
  placeholderManifest,
  type UntagClient,
  untag,
} from './untag.js';

const ORIGINAL = new TextEncoder().encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: digestOf('c'), size: 1 },
    layers: [],
  }),
);
const ORIGINAL_DIGEST = digestOf(ORIGINAL);

/** An in-memory repository: tags, manifests and blobs, with a switch for refused deletes. */
function fakeRepo(opts: { deletes?: boolean; haveEmptyBlob?: boolean; restoreFails?: boolean } = {}) {
  const tags = new Map<string, Digest>([
    ['a', ORIGINAL_DIGEST],
    ['b', ORIGINAL_DIGEST],
  ]);
  const manifests = new Map<Digest, Uint8Array>([[ORIGINAL_DIGEST, ORIGINAL]]);
  const blobs = new Set<Digest>(opts.haveEmptyBlob ? [EMPTY_BLOB_DIGEST] : []);
  const log: string[] = [];
  let puts = 0;
  const client: UntagClient = {
    async getManifest({ reference }) {
      const bytes = manifests.get(reference as Digest);
      if (!bytes) throw new Error('missing');
      return parseManifest({ bytes, expectedDigest: reference as Digest });
    },
    async headBlob({ digest }) {
      return blobs.has(digest) ? { size: 2 } : undefined;
    },
    async uploadBlob({ digest }) {
      log.push(`upload ${digest === EMPTY_BLOB_DIGEST ? 'empty' : digest}`);
      blobs.add(digest);
    },
    async putManifest({ reference, bytes }) {
      puts++;
      if (opts.restoreFails && puts > 1) throw new Error('PUT refused');
      const digest = digestOf(bytes);
      manifests.set(digest, bytes);
      tags.set(reference, digest);
      log.push(`put ${reference} ${digest === ORIGINAL_DIGEST ? 'original' : 'placeholder'}`);
      return digest;
    },
    async deleteManifest({ digest }) {
      if (opts.deletes === false) {
        throw new RegistryError({
          status: 405,
          method: 'DELETE',
          url: 'https://r/v2/x',
          errors: [{ code: 'UNSUPPORTED', message: '' }],
        });
      }
      log.push(`delete ${digest === ORIGINAL_DIGEST ? 'original' : 'placeholder'}`);
      manifests.delete(digest);
      for (const [t, d] of tags) if (d === digest) tags.delete(t);
    },
  };
  return { client, tags, manifests, log };
}

describe('placeholderManifest', () => {
  it('is a valid OCI image manifest over the empty blob, unique per nonce', () => {
    const one = parseManifest({ bytes: placeholderManifest('n1'), contentType: MEDIA_TYPES.ociManifest });
    const two = parseManifest({ bytes: placeholderManifest('n2'), contentType: MEDIA_TYPES.ociManifest });
    expect(one.kind).toBe('image');
    expect(one.digest).not.toBe(two.digest);
    const doc = JSON.parse(new TextDecoder().decode(placeholderManifest('n1')));
    expect(doc.config).toEqual({ mediaType: MEDIA_TYPES.ociEmpty, digest: EMPTY_BLOB_DIGEST, size: 2 });
    expect(doc.annotations).toEqual({ [PLACEHOLDER_ANNOTATION]: 'n1' });
    expect(EMPTY_BLOB_DIGEST).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

describe('untag', () => {
  it.each([
    { name: 'uploads the empty blob when missing', haveEmptyBlob: false, first: ['upload empty'] },
    { name: 'reuses the empty blob when present', haveEmptyBlob: true, first: [] },
  ])('removes only the tag: $name', async ({ haveEmptyBlob, first }) => {
    const repo = fakeRepo({ haveEmptyBlob });
    await untag({ client: repo.client, repository: 'x', tag: 'a', digest: ORIGINAL_DIGEST, nonce: 'n' });
    expect(repo.log).toEqual([...first, 'put a placeholder', 'delete placeholder']);
    expect([...repo.tags]).toEqual([['b', ORIGINAL_DIGEST]]);
    expect(repo.manifests.has(ORIGINAL_DIGEST)).toBe(true);
  });

  it('points the tag back at the original when the registry refuses the delete', async () => {
    const repo = fakeRepo({ deletes: false });
    const err = await untag({
      client: repo.client,
      repository: 'x',
      tag: 'a',
      digest: ORIGINAL_DIGEST,
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `deleting the placeholder manifest (the tag a points at ${ORIGINAL_DIGEST} again)`,
    );
    expect((err as Error).cause).toBeInstanceOf(RegistryError);
    expect(repo.tags.get('a')).toBe(ORIGINAL_DIGEST);
    expect(repo.log).toEqual(['upload empty', 'put a placeholder', 'put a original']);
  });

  it('says so when the tag could not be restored', async () => {
    const repo = fakeRepo({ deletes: false, restoreFails: true });
    const err = await untag({
      client: repo.client,
      repository: 'x',
      tag: 'a',
      digest: ORIGINAL_DIGEST,
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /the tag a now points at the placeholder manifest sha256:[0-9a-f]{64} and could not be restored/,
    );
  });
});
