import { describe, expect, it } from 'vitest';
import type { Digest } from '../digest/index.js';
import { BlobLedger } from './blob-ledger.js';

const A = `sha256:${'a'.repeat(64)}` as Digest;
const B = `sha256:${'b'.repeat(64)}` as Digest;

describe('BlobLedger', () => {
  it('hands the first asker a claim, later askers the claim’s outcome', async () => {
    const ledger = new BlobLedger();
    const first = ledger.lookup('reg/app', A);
    expect(first.kind).toBe('unknown');
    const second = ledger.lookup('reg/app', A);
    expect(second.kind).toBe('in-flight');
    if (first.kind !== 'unknown' || second.kind !== 'in-flight') throw new Error('unreachable');
    first.claim.settle(true);
    await expect(second.outcome).resolves.toBe(true);
    expect(ledger.lookup('reg/app', A).kind).toBe('present');
  });

  it('forgets a failed claim: waiters learn it failed, the next asker claims again', async () => {
    const ledger = new BlobLedger();
    const first = ledger.lookup('reg/app', A);
    const waiter = ledger.lookup('reg/app', A);
    if (first.kind !== 'unknown' || waiter.kind !== 'in-flight') throw new Error('unreachable');
    first.claim.settle(false);
    first.claim.settle(true); // a second settle changes nothing
    await expect(waiter.outcome).resolves.toBe(false);
    expect(ledger.lookup('reg/app', A).kind).toBe('unknown');
  });

  it('forgets what a destination holds, but not uploads in flight or other destinations', async () => {
    const ledger = new BlobLedger();
    const claim = (destination: string, digest: Digest) => {
      const entry = ledger.lookup(destination, digest);
      if (entry.kind !== 'unknown') throw new Error('unreachable');
      return entry.claim;
    };
    claim('reg/app', A).settle(true);
    claim('reg/other', A).settle(true);
    const inFlight = claim('reg/app', B);
    ledger.forget('reg/app');
    expect(ledger.lookup('reg/app', A).kind).toBe('unknown');
    expect(ledger.lookup('reg/other', A).kind).toBe('present');
    expect(ledger.lookup('reg/app', B).kind).toBe('in-flight');
    inFlight.settle(true);
    expect(ledger.lookup('reg/app', B).kind).toBe('present');
  });

  it.each([
    { name: 'another digest', destination: 'reg/app', digest: B },
    { name: 'another repository', destination: 'reg/other', digest: A },
    { name: 'another registry', destination: 'mirror/app', digest: A },
  ])('keeps $name apart', ({ destination, digest }) => {
    const ledger = new BlobLedger();
    const first = ledger.lookup('reg/app', A);
    if (first.kind === 'unknown') first.claim.settle(true);
    expect(ledger.lookup(destination, digest).kind).toBe('unknown');
  });
});
