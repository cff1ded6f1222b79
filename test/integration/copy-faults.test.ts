/**
 * The copy engine with a fault proxy in front of each of two real registries: whatever
 * goes wrong — a download dropped mid-blob, 500s and 429s on uploads, a flipped byte, a
 * cancel half-way — the destination ends up either holding the complete, verified image or
 * not having the tag at all.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CopyEvent, copyImage } from '../../src/registry/copy/index.js';
import { DigestMismatchError } from '../../src/registry/digest/index.js';
import { parseReference } from '../../src/registry/ref/index.js';
import { DockerDestination, DockerSource } from '../../src/registry/transports/docker/docker-transport.js';
import {
  type FaultProxy,
  type FaultRuleInput,
  type PushedImage,
  pushImage,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';
import { clientFor, collect, type TestClient } from './client-for.js';

const BIG = 1024 * 1024;
const REPO = 'faults/app';

let srcReg: RegistryInstance;
let dstReg: RegistryInstance;
let srcProxy: FaultProxy;
let dstProxy: FaultProxy;
let src: TestClient;
let dst: TestClient;
/** Talks to the destination registry directly, to check what it holds. */
let check: TestClient;
let image: PushedImage;

beforeAll(async () => {
  [srcReg, dstReg] = await Promise.all([startRegistry({ mode: 'plain' }), startRegistry({ mode: 'plain' })]);
  [srcProxy, dstProxy] = await Promise.all([
    startFaultProxy({ target: srcReg.url }),
    startFaultProxy({ target: dstReg.url }),
  ]);
  image = await pushImage(srcReg, {
    repository: REPO,
    tag: 'v1',
    layers: [
      { size: BIG, seed: 21 },
      { size: 4_000, seed: 22 },
    ],
  });
  // Short HTTP-level backoff: the tests are about what the engine does once that gives up.
  [src, dst, check] = await Promise.all([
    clientFor(srcReg, { host: srcProxy.host }),
    clientFor(dstReg, { host: dstProxy.host }),
    clientFor(dstReg),
  ]);
});
afterAll(async () => {
  await Promise.all([src?.close(), dst?.close(), check?.close()]);
  await Promise.all([srcProxy?.stop(), dstProxy?.stop(), srcReg?.stop(), dstReg?.stop()]);
});
beforeEach(() => {
  srcProxy.reset();
  dstProxy.reset();
});

const big = () => image.layers[0]!;
const bigBlob = () => new RegExp(`/blobs/${big().digest}$`);
const UPLOADS = /\/blobs\/uploads\//;

/** Each case copies into its own repository, so no blob is already there from an earlier one. */
function copyTo(
  repo: string,
  opts: { retryPerBlob?: number; signal?: AbortSignal; onEvent?: (e: CopyEvent) => void } = {},
) {
  const events: CopyEvent[] = [];
  const promise = copyImage({
    source: new DockerSource({
      ref: parseReference(`${src.client.registry}/${REPO}:v1`),
      client: src.client,
    }),
    destination: new DockerDestination({
      ref: parseReference(`${dst.client.registry}/${repo}:v1`),
      client: dst.client,
    }),
    retryDelayMs: 1,
    ...opts,
    onEvent: (e) => {
      events.push(e);
      opts.onEvent?.(e);
    },
  });
  return { events, promise };
}

/** The destination holds the whole image in `repo`, every blob verified on the way back. */
async function expectComplete(repo: string): Promise<void> {
  const manifest = await check.client.getManifest({ repository: repo, reference: 'v1' });
  expect(manifest.digest).toBe(image.digest);
  if (manifest.kind !== 'image') throw new Error('expected an image');
  for (const blob of [manifest.doc.config, ...manifest.doc.layers]) {
    await collect(check.client.getBlob({ repository: repo, digest: blob.digest, size: blob.size }));
  }
}

async function expectUntouched(repo: string): Promise<void> {
  expect(await check.client.headManifest({ repository: repo, reference: 'v1' })).toBeUndefined();
}

interface FaultCase {
  name: string;
  source?: (blob: RegExp) => FaultRuleInput[];
  destination?: FaultRuleInput[];
  retryPerBlob?: number;
  outcome: 'complete' | 'untouched';
  check?: (c: { events: CopyEvent[]; error?: Error }) => void;
}

const retrying = (events: CopyEvent[]) => events.filter((e) => e.type === 'retrying');

const cases: FaultCase[] = [
  {
    name: 'a download dropped mid-blob is resumed',
    source: (blob) => [{ method: 'GET', path: blob, fault: { kind: 'drop-after', bytes: 300_000 } }],
    outcome: 'complete',
    check: () => {
      const gets = srcProxy.requests.filter((r) => r.method === 'GET' && bigBlob().test(r.url));
      expect(gets.map((r) => r.headers.range === undefined)).toEqual([true, false]);
    },
  },
  {
    name: 'a 500 on an upload is retried with a fresh upload',
    destination: [{ method: 'PUT', path: UPLOADS, fault: { kind: 'status', status: 500 } }],
    outcome: 'complete',
    check: ({ events }) =>
      expect(retrying(events).map((e) => e.type === 'retrying' && e.error)).toEqual([
        expect.stringMatching(/500/),
      ]),
  },
  {
    name: '429s on starting uploads are waited out (Retry-After: 0)',
    destination: [
      {
        method: 'POST',
        path: UPLOADS,
        fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
        times: 2,
      },
    ],
    outcome: 'complete',
    check: ({ events }) => {
      expect(retrying(events)).toHaveLength(2);
      for (const e of retrying(events))
        expect(e).toMatchObject({ delayMs: 0, error: expect.stringMatching(/429|TOOMANYREQUESTS/) });
    },
  },
  {
    name: 'a flipped byte is caught, nothing unverified is published, and the retry succeeds',
    source: (blob) => [{ method: 'GET', path: blob, fault: { kind: 'flip-byte', offset: 1000 } }],
    outcome: 'complete',
    check: ({ events }) =>
      expect(retrying(events).map((e) => e.type === 'retrying' && e.error)).toEqual([
        expect.stringMatching(/digest mismatch/),
      ]),
  },
  {
    name: 'the same flipped byte every time: the copy gives up after seeing it twice',
    source: (blob) => [
      { method: 'GET', path: blob, fault: { kind: 'flip-byte', offset: 1000 }, times: Infinity },
    ],
    outcome: 'untouched',
    check: ({ error }) => {
      expect(error?.cause).toBeInstanceOf(DigestMismatchError);
      expect(srcProxy.requests.filter((r) => r.method === 'GET' && bigBlob().test(r.url))).toHaveLength(2);
    },
  },
  {
    name: 'uploads failing with 500 every time: the copy fails after its retries',
    destination: [{ method: 'PUT', path: UPLOADS, fault: { kind: 'status', status: 500 }, times: Infinity }],
    retryPerBlob: 2,
    outcome: 'untouched',
    check: ({ error }) => expect(error?.message).toMatch(/^copying blob sha256:[0-9a-f]{64}: PUT .* 500/),
  },
  {
    name: 'a download that keeps dropping: the copy fails once resumes and retries are spent',
    source: (blob) => [
      { method: 'GET', path: blob, fault: { kind: 'drop-after', bytes: 100_000 }, times: Infinity },
    ],
    retryPerBlob: 1,
    outcome: 'untouched',
  },
];

describe('copy through faults', () => {
  it.each(cases)('$name', async (c) => {
    const repo = `faults/case${cases.indexOf(c)}`;
    for (const rule of c.source?.(bigBlob()) ?? []) srcProxy.add(rule);
    for (const rule of c.destination ?? []) dstProxy.add(rule);
    const { events, promise } = copyTo(
      repo,
      c.retryPerBlob === undefined ? {} : { retryPerBlob: c.retryPerBlob },
    );
    if (c.outcome === 'complete') {
      await expect(promise).resolves.toMatchObject({ digest: image.digest });
      await expectComplete(repo);
      c.check?.({ events });
    } else {
      const error = (await promise.catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      await expectUntouched(repo);
      c.check?.({ events, error });
    }
  });

  it('cancelled half-way: rejects with the reason, cancels the open upload, writes no tag', async () => {
    srcProxy.add({ method: 'GET', path: bigBlob(), fault: { kind: 'slow', bytesPerSecond: 64 * 1024 } });
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const { events, promise } = copyTo('faults/cancelled', {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'progress' && e.blob.digest === big().digest) controller.abort(reason);
      },
    });
    await expect(promise).rejects.toBe(reason);
    await expectUntouched('faults/cancelled');
    expect(events.some((e) => e.type === 'done' && e.blob.digest === big().digest)).toBe(false);
    expect(dstProxy.requests.some((r) => r.method === 'DELETE' && UPLOADS.test(r.url))).toBe(true);
    expect(dstProxy.requests.some((r) => r.method === 'PUT' && r.url.includes('/manifests/'))).toBe(false);
  });
});
