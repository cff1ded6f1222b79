import { describe, expect, it } from 'vitest';
import { parseImageName } from '../registry/ref/index.js';
import { copyLabel, createLanes } from './copy-job.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createLanes', () => {
  it('runs a few at once, one at a time per key, in order', async () => {
    const lanes = createLanes(2);
    const signal = new AbortController().signal;
    const started: string[] = [];
    const releases = new Map<string, () => void>();
    const take = (name: string, key?: string) =>
      void lanes.acquire(key, signal).then((release) => {
        started.push(name);
        releases.set(name, release);
      });
    take('a', 'layout');
    take('b', 'layout');
    take('c');
    take('d');
    await tick();
    expect(started).toEqual(['a', 'c']);
    releases.get('a')?.();
    await tick();
    expect(started).toEqual(['a', 'c', 'b']);
    releases.get('a')?.(); // a second release changes nothing
    releases.get('c')?.();
    await tick();
    expect(started).toEqual(['a', 'c', 'b', 'd']);
  });

  it('gives up waiting when the job is cancelled', async () => {
    const lanes = createLanes(1);
    const first = await lanes.acquire(undefined, new AbortController().signal);
    const cancel = new AbortController();
    const waiting = lanes.acquire(undefined, cancel.signal);
    cancel.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    first();
    const next = await lanes.acquire(undefined, new AbortController().signal);
    expect(typeof next).toBe('function');
  });
});

describe('copyLabel', () => {
  it('names both ends, docker sources without the transport', () => {
    expect(
      copyLabel({
        source: parseImageName('docker://quay.io/org/app:1'),
        destination: parseImageName('oci:./out:1'),
      }),
    ).toBe('copy quay.io/org/app:1 → oci:./out:1');
  });
});
