import { describe, expect, it } from 'vitest';
import { createPager } from './pager.js';

/** Pages of a fixed listing; each page waits for `gate()` when given, to be cancellable mid-page. */
function pages(all: string[][], opened: number[], gate?: () => Promise<void>) {
  return (signal: AbortSignal): AsyncIterable<string[]> => {
    opened.push(1);
    return (async function* () {
      for (const p of all) {
        if (gate) {
          await Promise.race([
            gate(),
            new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
            ),
          ]);
        }
        signal.throwIfAborted();
        yield p;
      }
    })();
  };
}

describe('createPager', () => {
  it('hands out page after page, then done', async () => {
    const opened: number[] = [];
    const pager = createPager(pages([['a', 'b'], ['c']], opened));
    const signal = new AbortController().signal;
    expect(await pager.next(signal)).toEqual({ items: ['a', 'b'], done: false });
    expect(await pager.next(signal)).toEqual({ items: ['c'], done: false });
    expect(await pager.next(signal)).toEqual({ items: [], done: true });
    expect(opened).toHaveLength(1);
  });

  it('after a cancelled page, starts again and skips what was delivered', async () => {
    const opened: number[] = [];
    let release: (() => void) | undefined;
    let gated = false;
    const gate = () =>
      gated
        ? new Promise<void>((resolve) => {
            release = resolve;
          })
        : Promise.resolve();
    const pager = createPager(pages([['a', 'b'], ['c', 'd'], ['e']], opened, gate));
    expect((await pager.next(new AbortController().signal)).items).toEqual(['a', 'b']);

    gated = true;
    const ctl = new AbortController();
    const pending = pager.next(ctl.signal);
    ctl.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');

    gated = false;
    expect((await pager.next(new AbortController().signal)).items).toEqual(['c', 'd']);
    expect((await pager.next(new AbortController().signal)).items).toEqual(['e']);
    expect(opened).toHaveLength(2);
    release?.();
  });

  it('rejects at once for an aborted signal', async () => {
    const pager = createPager(pages([['a']], []));
    const ctl = new AbortController();
    ctl.abort(new Error('stop'));
    await expect(pager.next(ctl.signal)).rejects.toThrow('stop');
  });
});
