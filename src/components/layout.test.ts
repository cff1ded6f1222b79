import { describe, expect, it } from 'vitest';
import { errorLines } from './ErrorPanel.js';
import { fitHints } from './KeyHints.js';
import { scrollOffset } from './List.js';
import { describeWho } from './StatusBar.js';
import { columnWidths } from './Table.js';
import { isTooSmall } from './TooSmall.js';
import { fitText, printable } from './theme.js';

describe('scrollOffset', () => {
  it.each([
    { name: 'cursor in view: no scroll', prev: 10, cursor: 15, count: 100, height: 20, out: 10 },
    { name: 'cursor below: scroll just enough', prev: 0, cursor: 25, count: 100, height: 20, out: 6 },
    { name: 'cursor above: it becomes the top', prev: 30, cursor: 12, count: 100, height: 20, out: 12 },
    { name: 'never past the end', prev: 95, cursor: 99, count: 100, height: 20, out: 80 },
    { name: 'short list', prev: 3, cursor: 2, count: 5, height: 20, out: 0 },
    { name: 'no room', prev: 3, cursor: 2, count: 5, height: 0, out: 0 },
  ])('$name', ({ prev, cursor, count, height, out }) => {
    expect(scrollOffset(prev, cursor, count, height)).toBe(out);
  });
});

describe('columnWidths', () => {
  it('gives flex columns what fixed ones leave, after markers and gaps', () => {
    expect(
      columnWidths(
        [
          { title: 'a', width: 'flex' },
          { title: 'b', width: 10 },
          { title: 'c', width: 'flex' },
        ],
        80,
      ),
    ).toEqual([33, 10, 33]);
  });
});

describe('fit', () => {
  it.each([
    { text: 'abc', width: 5, align: 'left', out: 'abc  ' },
    { text: 'abc', width: 5, align: 'right', out: '  abc' },
    { text: 'abcdef', width: 4, align: 'left', out: 'abc…' },
    { text: 'abc', width: 0, align: 'left', out: '' },
  ] as const)('$text in $width ($align)', ({ text, width, align, out }) => {
    expect(fitText(text, width, align)).toBe(out);
  });
});

describe('printable', () => {
  it('escapes terminal control characters from servers', () => {
    expect(printable('a\x1b[2Jb\x07')).toBe('a\\x1b[2Jb\\x07');
  });
});

describe('fitHints', () => {
  const hints = [
    { action: 'open', key: 'Enter', label: 'open' },
    { action: 'filter', key: '/', label: 'filter' },
    { action: 'quit', key: 'q', label: 'quit' },
  ] as const;
  it.each([
    { width: 80, n: 3 },
    { width: 20, n: 2 },
    { width: 9, n: 0 },
  ])('$n hints fit in $width columns', ({ width, n }) => {
    expect(fitHints(hints, width)).toHaveLength(n);
  });
});

describe('describeWho', () => {
  it.each([
    { name: 'anonymous', who: { source: { kind: 'anonymous' as const } }, out: 'anonymous' },
    {
      name: 'auth.json',
      who: { username: 'al', source: { kind: 'auth-file' as const } },
      out: 'al (auth.json)',
    },
    {
      name: 'docker config',
      who: { username: 'al', source: { kind: 'docker-config' as const } },
      out: 'al (docker config)',
    },
    {
      name: 'a helper',
      who: { username: 'al', source: { kind: 'cred-helper' as const, helper: 'pass' } },
      out: 'al (helper pass)',
    },
    {
      name: 'credsStore',
      who: { source: { kind: 'creds-store' as const, helper: 'desktop' } },
      out: 'credsStore desktop',
    },
    { name: 'still looking', who: { loading: true }, out: '…' },
    { name: 'a broken file', who: { error: 'bad json' }, out: 'credentials unreadable' },
  ])('$name', ({ who, out }) => {
    expect(describeWho(who)).toBe(out);
  });
});

describe('errorLines', () => {
  it('lists the cause chain once each', () => {
    const inner = new Error('401 Unauthorized');
    const mid = new Error('listing repositories: 401 Unauthorized', { cause: inner });
    const outer = new Error('opening quay.io', { cause: mid });
    expect(errorLines(outer)).toEqual(['opening quay.io', 'listing repositories: 401 Unauthorized']);
  });
});

describe('isTooSmall', () => {
  it.each([
    { columns: 80, rows: 24, out: false },
    { columns: 79, rows: 24, out: true },
    { columns: 80, rows: 23, out: true },
    { columns: 200, rows: 60, out: false },
  ])('$columns×$rows', ({ columns, rows, out }) => {
    expect(isTooSmall(columns, rows)).toBe(out);
  });
});
