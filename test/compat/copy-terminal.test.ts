/**
 * `berth copy` on a terminal: live rows collapse to skopeo's `Copying blob <hex> done`
 * lines, nothing is wider than the terminal, and Ctrl-C (SIGINT) mid-copy aborts, publishes
 * nothing and exits 130. berth runs in-process with a fake terminal as stderr.
 */
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTerminal } from '../../src/cli/output/progress/testing/fake-terminal.js';
import { runCli } from '../../src/cli/program.js';
import { type FaultProxy, startFaultProxy } from '../harness/index.js';
import { setupCopyFixtures } from './copy-fixtures.js';

const { c, srcFlags, dstFlags, srcRef, dstRef, dstStatus } = setupCopyFixtures('copy-terminal');

describe('on a terminal', () => {
  /** Runs berth in-process with a terminal as stderr. */
  async function onTerminal(args: string[], term: FakeTerminal): Promise<{ code: number; stdout: string }> {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const code = await runCli(['--insecure-policy', 'copy', ...args], {
      io: { stdout, stderr: term, stdin: Readable.from([]) },
      env: c.sandbox.env,
    });
    return { code, stdout: out };
  }

  it('collapses every blob to one row and keeps skopeo’s lines', async () => {
    const term = new FakeTerminal(80);
    const r = await onTerminal(
      [...srcFlags, ...dstFlags(), srcRef('fixtures/app:oci'), dstRef('b/tty:1')],
      term,
    );
    expect(r).toEqual({ code: 0, stdout: '' });
    const hex = (d: string) => d.slice('sha256:'.length);
    const rows = [
      `Copying config ${hex(c.ociImage.config.digest).slice(0, 10)} done`,
      ...c.ociImage.layers.map((l) => `Copying blob ${hex(l.digest).slice(0, 12)} done`),
    ];
    const screen = term.screen();
    expect(screen[0]).toBe('Getting image source signatures');
    expect(screen.slice(1, 4).sort()).toEqual(rows.sort());
    expect(screen.slice(4)).toEqual(['Writing manifest to image destination', 'Storing signatures']);
    for (const line of screen) expect(line.length).toBeLessThan(80);
  });

  describe('Ctrl-C', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({ target: c.src.url });
    });
    afterAll(() => proxy?.stop());

    it('aborts, publishes nothing and exits 130', async () => {
      // The big layer crawls, so the copy is surely in flight when Ctrl-C comes.
      proxy.add({
        method: 'GET',
        path: /\/blobs\/sha256:/,
        fault: { kind: 'slow', bytesPerSecond: 8192 },
        times: Number.POSITIVE_INFINITY,
      });
      class Interrupting extends FakeTerminal {
        sent = false;
        override _write(chunk: unknown, enc: BufferEncoding, done: (err?: Error | null) => void): void {
          super._write(chunk, enc, done);
          // The first live bar means bytes are moving: now press Ctrl-C.
          if (!this.sent && String(chunk).includes('[')) {
            this.sent = true;
            process.emit('SIGINT');
          }
        }
      }
      const term = new Interrupting(100);
      const r = await onTerminal(
        [
          '--src-tls-verify=false',
          ...dstFlags(),
          `docker://${proxy.host}/fixtures/app:oci`,
          dstRef('b/interrupted:1'),
        ],
        term,
      );
      expect(term.sent).toBe(true);
      expect(r.code).toBe(130);
      expect(term.screen().at(-1)).toBe('Error: interrupted');
      expect(await dstStatus('b/interrupted', '1')).toBe(404);
      expect(process.listenerCount('SIGINT')).toBe(0);
    });
  });
});
