import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  harnessFetch,
  MEDIA_TYPES,
  type PushedImage,
  pushImage,
  pushIndex,
  pushTags,
  type RegistryInstance,
  randomLayer,
  sha256Digest,
  startRegistry,
} from './index.js';

/*
 * Pins the distribution 2.8.2 behaviours the rest of the test suite builds on, so a registry upgrade
 * that changes one shows up here first rather than as a puzzling failure elsewhere.
 */

let reg: RegistryInstance;
let image: PushedImage;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  image = await pushImage(reg, { repository: 'quirks/src', tag: 'v1', layers: [{ size: 4096, seed: 1 }] });
  for (const repository of ['quirks/a', 'quirks/b', 'quirks/c']) {
    await pushImage(reg, { repository, tag: 'v1', layers: [{ size: 16, seed: 2 }] });
  }
});

afterAll(async () => {
  await reg?.stop();
});

const layer = () => image.layers[0]!;

async function startUpload(repository: string): Promise<string> {
  const res = await harnessFetch(reg, `/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  expect(res.status).toBe(202);
  expect(res.headers.get('range')).toBe('0-0');
  return res.headers.get('location')!;
}

describe('distribution 2.8.2 behaviour', () => {
  it('chunked PATCH uploads with Content-Range, then PUT ?digest=', async () => {
    const data = randomLayer({ size: 100_000, seed: 9 });
    let location = await startUpload('quirks/chunked');
    expect(location.startsWith(`${reg.url}/v2/quirks/chunked/blobs/uploads/`)).toBe(true);
    const ranges: string[] = [];
    for (let offset = 0; offset < data.length; offset += 40_000) {
      const chunk = data.subarray(offset, offset + 40_000);
      const res = await harnessFetch(reg, location, {
        method: 'PATCH',
        body: chunk,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `${offset}-${offset + chunk.length - 1}`,
        },
      });
      expect(res.status).toBe(202);
      ranges.push(res.headers.get('range')!);
      location = res.headers.get('location')!;
    }
    expect(ranges).toEqual(['0-39999', '0-79999', '0-99999']);
    const done = await harnessFetch(reg, `${location}&digest=${sha256Digest(data)}`, { method: 'PUT' });
    expect(done.status).toBe(201);
    expect(done.headers.get('docker-content-digest')).toBe(sha256Digest(data));
  });

  it('does not check a PATCH Content-Range against the upload offset', async () => {
    const location = await startUpload('quirks/chunked');
    const res = await harnessFetch(reg, location, {
      method: 'PATCH',
      body: new Uint8Array(10),
      headers: { 'content-range': '5-14' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('range')).toBe('0-9');
  });

  it.each([
    { name: 'mounts a blob the source repository has', from: 'quirks/src', status: 201 },
    { name: 'falls back to a fresh upload when the source lacks it', from: 'quirks/a', status: 202 },
  ])('cross-repository mount $name', async ({ from, status }) => {
    const res = await harnessFetch(
      reg,
      `/v2/quirks/mounted/blobs/uploads/?mount=${layer().digest}&from=${from}`,
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(status);
    if (status === 201) {
      expect(res.headers.get('location')).toBe(`${reg.url}/v2/quirks/mounted/blobs/${layer().digest}`);
      expect(res.headers.get('docker-content-digest')).toBe(layer().digest);
    } else {
      expect(res.headers.get('location')).toMatch(/\/v2\/quirks\/mounted\/blobs\/uploads\/[\w-]+\?_state=/);
    }
  });

  it('paginates _catalog with n and Link', async () => {
    const pages: string[][] = [];
    const links: Array<string | null> = [];
    let path: string | null = '/v2/_catalog?n=2';
    while (path) {
      const res = await harnessFetch(reg, path);
      pages.push(((await res.json()) as { repositories: string[] }).repositories);
      const link = res.headers.get('link');
      links.push(link);
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    }
    // Other tests add repositories too, so pin only what this file's beforeAll guarantees.
    const all = pages.flat();
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['quirks/a', 'quirks/b', 'quirks/c', 'quirks/src']));
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    expect(pages[0]).toEqual(['quirks/a', 'quirks/b']);
    expect(links[0]).toBe('</v2/_catalog?last=quirks%2Fb&n=2>; rel="next"');
    expect(links.at(-1)).toBeNull();
  });

  it('rejects _catalog n above maxentries (1000)', async () => {
    const res = await harnessFetch(reg, '/v2/_catalog?n=1001');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'PAGINATION_NUMBER_INVALID' }] });
  });

  it('ignores n on tags/list: every tag, no Link', async () => {
    const tags = ['z', 'y', 'x', 'w'];
    await pushTags(reg, { repository: 'quirks/src', manifestBytes: image.manifestBytes, tags });
    const res = await harnessFetch(reg, '/v2/quirks/src/tags/list?n=2');
    const body = (await res.json()) as { tags: string[] };
    expect(body.tags.sort()).toEqual(['v1', 'w', 'x', 'y', 'z']);
    expect(res.headers.get('link')).toBeNull();
  });

  it('answers an index requested without a matching Accept with 404 MANIFEST_UNKNOWN', async () => {
    const index = await pushIndex(reg, {
      repository: 'quirks/multi',
      tag: 'latest',
      platforms: [{ os: 'linux', architecture: 'amd64' }],
    });
    const without = await harnessFetch(reg, '/v2/quirks/multi/manifests/latest', {
      headers: { accept: MEDIA_TYPES.oci.manifest },
    });
    expect(without.status).toBe(404);
    expect(await without.json()).toMatchObject({ errors: [{ code: 'MANIFEST_UNKNOWN' }] });
    const withAccept = await harnessFetch(reg, '/v2/quirks/multi/manifests/latest', {
      headers: { accept: MEDIA_TYPES.oci.index },
    });
    expect(withAccept.headers.get('docker-content-digest')).toBe(index.digest);
    await withAccept.body?.cancel();
  });
});
