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

/** Pages of a fixed listing, recording each page the pager pulls. */
function counted(all: string[][], pulled: number[]) {
  return (): AsyncIterable<string[]> =>
    (async function* () {
      for (const p of all) {
        pulled.push(1);
        yield p;
      }
    })();
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

  it.each([
    {
      name: 'a short page is known to be the last with it',
      pages: [['a', 'b', 'c']],
      pageSize: 10,
      calls: [{ items: ['a', 'b', 'c'], done: true }],
      pulled: 1,
    },
    {
      name: 'a full page leaves the end unknown until asked',
      pages: [['a', 'b'], ['c']],
      pageSize: 2,
      calls: [
        { items: ['a', 'b'], done: false },
        { items: ['c'], done: true },
      ],
      pulled: 2,
    },
    {
      name: 'a registry capping pages below the size asked is read one page ahead',
      pages: [['a', 'b'], ['c', 'd'], ['e']],
      pageSize: 5,
      calls: [
        { items: ['a', 'b'], done: false },
        { items: ['c', 'd'], done: false },
        { items: ['e'], done: true },
      ],
      pulled: 3,
    },
    {
      name: 'an empty listing is complete at once',
      pages: [[]],
      pageSize: 5,
      calls: [{ items: [], done: true }],
      pulled: 1,
    },
  ])('$name', async ({ pages: all, pageSize, calls, pulled }) => {
    const got: number[] = [];
    const pager = createPager(counted(all, got), { pageSize });
    for (const want of calls) expect(await pager.next(new AbortController().signal)).toEqual(want);
    expect(got).toHaveLength(pulled);
  });

  it('a page that fails while looking ahead fails the next call, not this one', async () => {
    const pager = createPager(
      async function* () {
        yield ['a'];
        throw new Error('page 2 broke');
      },
      { pageSize: 5 },
    );
    expect(await pager.next(new AbortController().signal)).toEqual({ items: ['a'], done: false });
    await expect(pager.next(new AbortController().signal)).rejects.toThrow('page 2 broke');
  });

  it('cancelled while looking ahead, delivers the page again on the next call', async () => {
    const opened: number[] = [];
    // The second page (the look ahead) waits until cancelled; every other page passes.
    let gates = 0;
    let lookingAhead: () => void = () => {};
    const waiting = new Promise<void>((resolve) => {
      lookingAhead = resolve;
    });
    const gate = () => {
      if (++gates !== 2) return Promise.resolve();
      lookingAhead();
      return new Promise<void>(() => {});
    };
    const pager = createPager(pages([['a'], ['b']], opened, gate), { pageSize: 5 });
    const ctl = new AbortController();
    const pending = pager.next(ctl.signal);
    await waiting;
    ctl.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    expect(await pager.next(new AbortController().signal)).toEqual({ items: ['a'], done: false });
    expect(await pager.next(new AbortController().signal)).toEqual({ items: ['b'], done: true });
    expect(opened).toHaveLength(2);
  });

  it('rejects at once for an aborted signal', async () => {
    const pager = createPager(pages([['a']], []));
    const ctl = new AbortController();
    ctl.abort(new Error('stop'));
    await expect(pager.next(ctl.signal)).rejects.toThrow('stop');
  });
});
