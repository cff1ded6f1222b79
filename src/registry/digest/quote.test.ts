import { describe, expect, it } from 'vitest';
import { escapeUnprintable, quoteInput } from './quote.js';

describe('quoteInput', () => {
  const cases = [
    { name: 'plain ASCII', input: 'docker://busybox', want: '"docker://busybox"' },
    { name: 'quote and backslash', input: 'a"b\\c', want: '"a\\"b\\\\c"' },
    { name: 'newline', input: 'a\nb', want: '"a\\u000ab"' },
    { name: 'escape sequence', input: '\u001b[2J', want: '"\\u001b[2J"' },
    { name: 'C1 control (CSI)', input: '\u009b31m', want: '"\\u009b31m"' },
    { name: 'bidi override', input: 'a\u202eb', want: '"a\\u202eb"' },
    { name: 'astral character', input: '😀', want: '"\\ud83d\\ude00"' },
    { name: 'cut at max', input: 'abcdef', max: 3, want: '"abc"…' },
  ];
  it.each(cases)('$name', ({ input, max, want }) => {
    expect(quoteInput(input, max)).toBe(want);
  });
});

describe('escapeUnprintable', () => {
  const cases = [
    { name: 'plain ASCII with quotes', input: 'say "hi" \\o/', want: 'say "hi" \\o/' },
    { name: 'newline and tab', input: 'a\n\tb', want: 'a\\u000a\\u0009b' },
    { name: 'DEL', input: '\u007f', want: '\\u007f' },
    { name: 'cut at max', input: 'x'.repeat(10), max: 4, want: 'xxxx…' },
  ];
  it.each(cases)('$name', ({ input, max, want }) => {
    expect(escapeUnprintable(input, max)).toBe(want);
  });
});
