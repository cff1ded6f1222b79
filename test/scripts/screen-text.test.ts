/**
 * The README captures' text handling (scripts/screen-text.ts): a harness port replaced by a
 * shorter fixed one keeps every column after it where it was, a host cut with "…" keeps its
 * width, frames are checked against the terminal and padded to its height, and only the text
 * between the markers changes.
 */
import { describe, expect, it } from 'vitest';
import { cleanFrame, replaceBlock, replaceHosts } from '../../scripts/screen-text.js';

const HOSTS = new Map([
  ['127.0.0.1:41234', '127.0.0.1:5000'],
  ['127.0.0.1:39001', '127.0.0.1:5001'],
]);

describe('replaceHosts', () => {
  it.each([
    {
      name: 'a table cell: the next column stays put',
      line: '> 127.0.0.1:41234          tester     auth.json',
      want: '> 127.0.0.1:5000           tester     auth.json',
    },
    {
      name: 'two hosts, a right-aligned cell after both',
      line: 'copy 127.0.0.1:41234/a → docker://127.0.0.1:39001/b…      done',
      want: 'copy 127.0.0.1:5000/a → docker://127.0.0.1:5001/b…        done',
    },
    {
      name: 'a box border after the host',
      line: '│ Delete 127.0.0.1:41234/team/api:1.4?     │',
      want: '│ Delete 127.0.0.1:5000/team/api:1.4?      │',
    },
    { name: 'nothing after it', line: ' 127.0.0.1:41234 │ tester', want: ' 127.0.0.1:5000 │ tester' },
    {
      name: 'cut short',
      line: 'loading tags of docker://127.0.0.1:412…',
      want: 'loading tags of docker://127.0.0.1:500…',
    },
    { name: 'another port', line: 'http://127.0.0.1:8080/v2/', want: 'http://127.0.0.1:8080/v2/' },
  ])('$name', ({ line, want }) => {
    const got = replaceHosts(line, HOSTS);
    expect(got).toBe(want);
  });
});

describe('cleanFrame', () => {
  const opts = { hosts: HOSTS, columns: 10, rows: 4 };

  it('strips escapes and trailing spaces, and pads to the terminal height', () => {
    expect(cleanFrame('\x1b[1mtitle\x1b[22m   \nbody  ', opts)).toBe('title\nbody\n\n');
  });

  it.each([
    { name: 'too wide', frame: 'x'.repeat(11), error: /wider than 10 columns/ },
    { name: 'too tall', frame: 'a\nb\nc\nd\ne', error: /5 lines, more than 4/ },
  ])('refuses a frame $name', ({ frame, error }) => {
    expect(() => cleanFrame(frame, opts)).toThrow(error);
  });
});

describe('replaceBlock', () => {
  it('replaces only what is between the markers', () => {
    const readme = 'before\n<!-- screens:start -->\nold\n<!-- screens:end -->\nafter\n';
    expect(replaceBlock(readme, 'new')).toBe(
      'before\n<!-- screens:start -->\nnew\n<!-- screens:end -->\nafter\n',
    );
    expect(replaceBlock(replaceBlock(readme, 'new'), 'new')).toBe(replaceBlock(readme, 'new'));
  });

  it('needs both markers', () => {
    expect(() => replaceBlock('no markers', 'x')).toThrow(/needs <!-- screens:start -->/);
  });
});
