import { describe, expect, it } from 'vitest';
import { displayName } from './display-name.js';

describe('displayName', () => {
  it.each([
    { name: 'plain ASCII passes', input: 'usr/bin/env', want: 'usr/bin/env' },
    { name: 'other scripts pass', input: 'café/日本語', want: 'café/日本語' },
    { name: 'a surrogate pair (emoji) passes', input: 'a😀b', want: 'a😀b' },
    { name: 'ESC sequences are escaped', input: 'x\u001b[2Jy', want: 'x\\x1b[2Jy' },
    { name: 'OSC 52 with BEL', input: '\u001b]52;c;aGk=\u0007', want: '\\x1b]52;c;aGk=\\x07' },
    { name: 'newline and carriage return', input: 'a\nb\rc', want: 'a\\x0ab\\x0dc' },
    { name: 'DEL and C1 CSI', input: '\u007f\u009b', want: '\\x7f\\x9b' },
    { name: 'NUL', input: 'a\u0000b', want: 'a\\x00b' },
    { name: 'bidi override', input: 'txt.\u202eexe', want: 'txt.\\u202eexe' },
    { name: 'bidi isolate and zero-width space', input: '\u2066a\u200b', want: '\\u2066a\\u200b' },
    { name: 'line separator and BOM', input: '\u2028\ufeff', want: '\\u2028\\ufeff' },
    { name: 'a lone surrogate', input: 'a\ud800b', want: 'a\\ud800b' },
    { name: 'backslash is doubled, so escapes stay unambiguous', input: 'a\\x1b', want: 'a\\\\x1b' },
  ])('$name', ({ input, want }) => {
    expect(displayName(input)).toBe(want);
  });

  it.each([
    { name: 'cuts long names and marks the cut', input: 'abcdef', max: 3, want: 'abc…' },
    { name: 'leaves names at the limit alone', input: 'abc', max: 3, want: 'abc' },
    { name: 'cuts before escaping', input: '\u001b\u001b\u001b\u001b', max: 2, want: '\\x1b\\x1b…' },
  ])('$name', ({ input, max, want }) => {
    expect(displayName(input, max)).toBe(want);
  });
});
