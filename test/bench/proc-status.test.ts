import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parentPid,
  parseProcStatus,
  parseSchedstat,
  readProcMemory,
  readSchedTimes,
} from '../../bench/proc-status.js';

/**
 * The /proc texts are copied from this machine (Linux 6.18): a node process that had touched
 * 128 MiB and let it go (so its peak and its resident size differ), and kthreadd, a kernel
 * thread, whose status has no memory lines at all.
 */
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const nodeStatus = fixture('node-status.txt');
const kthreaddStatus = fixture('kthreadd-status.txt');
/** The node status up to (not including) the line that starts with `field`. */
const cutBefore = (field: string): string => nodeStatus.slice(0, nodeStatus.indexOf(`\n${field}:`) + 1);

/** Above the largest pid_max Linux allows (2^22), so never a live process. */
const NO_SUCH_PID = 2 ** 22 + 1;

describe('parseProcStatus', () => {
  it.each([
    { name: 'a node process after its peak', text: nodeStatus, rssKiB: 88096, hwmKiB: 171792 },
    { name: 'a kernel thread: no memory lines', text: kthreaddStatus, rssKiB: NaN, hwmKiB: NaN },
    { name: 'cut before the memory lines', text: cutBefore('VmPeak'), rssKiB: NaN, hwmKiB: NaN },
    { name: 'cut between VmHWM and VmRSS', text: cutBefore('VmRSS'), rssKiB: NaN, hwmKiB: 171792 },
    // RssAnon and VmPeak sit next to the two fields; only whole field names count.
    {
      name: 'a line per field, as the kernel writes them',
      text: 'VmPeak:\t  728460 kB\nVmHWM:\t   40448 kB\nVmRSS:\t   39000 kB\nRssAnon:\t    6320 kB\n',
      rssKiB: 39000,
      hwmKiB: 40448,
    },
  ])('$name', ({ text, rssKiB, hwmKiB }) => {
    expect(parseProcStatus(text)).toEqual({ rssKiB, hwmKiB });
  });

  it('reads a live process: this one', () => {
    const { rssKiB, hwmKiB } = readProcMemory(process.pid);
    expect(rssKiB).toBeGreaterThan(0);
    expect(hwmKiB).toBeGreaterThanOrEqual(rssKiB);
  });

  it('throws for a process that is gone', () => {
    expect(() => readProcMemory(NO_SUCH_PID)).toThrow(/ENOENT/);
  });
});

describe('parentPid', () => {
  it.each([
    {
      name: 'node',
      stat: '11722 (node) R 11720 11720 10348 0 -1 4194304 2182 0 0 0 4 0 0 0 20 0 7 0 1022657 745721856 10116 18446744073709551615 11988992 39846385 140725506410944 0 0 0 0 16781312 17922 0 0 0 17 0 0 0 0 0 0 90418888 90555584 503472128 140725506415052 140725506415325 140725506415325 140725506416618 0\n',
      ppid: 11720,
    },
    {
      // A copy of sleep named `a) b (c`: the name holds spaces and both parentheses.
      name: 'a command name with spaces and parentheses',
      stat: '11870 (a) b (c) S 11783 11783 10348 0 -1 4194304 131 0 0 0 0 0 0 0 20 0 1 0 1023049 2990080 424 18446744073709551615 94093811744768 94093811762697 140736423906016 0 0 0 0 6 0 1 0 0 17 1 0 0 0 0 0 94093811776784 94093811778048 94094356258816 140736423910092 140736423910109 140736423910109 140736423911402 0\n',
      ppid: 11783,
    },
    {
      name: 'kthreadd, whose parent is the kernel (0)',
      stat: '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 24 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n',
      ppid: 0,
    },
  ])('$name', ({ stat, ppid }) => {
    expect(parentPid(stat)).toBe(ppid);
  });

  it('reads the parent of this process', () => {
    expect(parentPid(readFileSync('/proc/self/stat', 'utf8'))).toBe(process.ppid);
  });
});

describe('parseSchedstat', () => {
  it.each([
    { name: 'a node process just started', text: '57733686 3675700 15\n', cpuMs: 57.733686, waitMs: 3.6757 },
    { name: 'a long-lived process', text: '203952071 29510649 714\n', cpuMs: 203.952071, waitMs: 29.510649 },
    { name: 'never waited', text: '95673 0 2\n', cpuMs: 0.095673, waitMs: 0 },
    { name: 'the wait field missing', text: '95673\n', cpuMs: 0.095673, waitMs: NaN },
  ])('$name', ({ text, cpuMs, waitMs }) => {
    const times = parseSchedstat(text);
    expect(times.cpuMs).toBeCloseTo(cpuMs, 9);
    if (Number.isNaN(waitMs)) expect(times.waitMs).toBeNaN();
    else expect(times.waitMs).toBeCloseTo(waitMs, 9);
  });

  it('reads a live process, and NaN for one that is gone', () => {
    const live = readSchedTimes(process.pid);
    expect(live.cpuMs).toBeGreaterThan(0);
    expect(live.waitMs).toBeGreaterThanOrEqual(0);
    expect(readSchedTimes(NO_SUCH_PID)).toEqual({ cpuMs: NaN, waitMs: NaN });
  });
});
