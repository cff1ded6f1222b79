/**
 * Blobs that copies running in one process have already got to a destination, or are getting
 * there now. A sync copies many images that share layers into one repository; without this,
 * images copied side by side all upload the shared layer at once (measured: 4 uploads of the
 * same 4 MiB with `sync -j 4`) and every later image HEADs it again. With it, a copy that
 * finds a blob in flight waits for that upload, and one that finds it done skips it.
 *
 * Only for one destination repository (the caller's key), and only what this process saw
 * succeed: a failed or aborted attempt is forgotten, and its waiters copy the blob themselves.
 */
import type { Digest } from '../digest/index.js';

/** One blob being written: settle with whether it is now at the destination. */
export interface LedgerClaim {
  settle(present: boolean): void;
}

/** What the ledger knows about a blob at a destination. */
export type LedgerEntry =
  | { kind: 'unknown'; claim: LedgerClaim }
  | { kind: 'present' }
  | { kind: 'in-flight'; outcome: Promise<boolean> };

export class BlobLedger {
  readonly #entries = new Map<string, { present: boolean } | Promise<boolean>>();

  /**
   * Forgets what was seen written to `destination` (uploads in flight stay): a copy there
   * failed, maybe because a blob taken as present is gone (a registry's garbage collection),
   * so later copies ask the registry again instead of skipping it.
   */
  forget(destination: string): void {
    const prefix = `${destination}\n`;
    for (const [key, entry] of this.#entries) {
      if (key.startsWith(prefix) && !(entry instanceof Promise)) this.#entries.delete(key);
    }
  }

  /**
   * Looks `digest` up at `destination`. `unknown` makes the caller the one writing it: it
   * must settle the claim however its attempt ends.
   */
  lookup(destination: string, digest: Digest): LedgerEntry {
    const key = `${destination}\n${digest}`;
    const entry = this.#entries.get(key);
    if (entry instanceof Promise) return { kind: 'in-flight', outcome: entry };
    if (entry?.present) return { kind: 'present' };
    let resolve!: (present: boolean) => void;
    this.#entries.set(
      key,
      new Promise<boolean>((r) => {
        resolve = r;
      }),
    );
    let settled = false;
    return {
      kind: 'unknown',
      claim: {
        settle: (present) => {
          if (settled) return;
          settled = true;
          if (present) this.#entries.set(key, { present: true });
          else this.#entries.delete(key);
          resolve(present);
        },
      },
    };
  }
}
