import { describe, expect, it } from 'vitest';
import { sanitizeText } from './sanitize-text.js';

describe('sanitizeText', () => {
  it.each([
    { name: 'plain text is unchanged', input: 'manifest unknown', want: 'manifest unknown' },
    {
      name: 'unicode text is kept',
      input: 'Manifest nicht gefunden – ü',
      want: 'Manifest nicht gefunden – ü',
    },
    { name: 'CSI colour codes are removed', input: '\x1b[31mred\x1b[0m text', want: 'red text' },
    { name: 'clear-screen is removed', input: 'a\x1b[2Jb', want: 'ab' },
    { name: 'OSC 52 clipboard write (BEL) is removed', input: 'x\x1b]52;c;ZXZpbA==\x07y', want: 'xy' },
    { name: 'OSC with ST terminator is removed', input: 'x\x1b]0;title\x1b\\y', want: 'xy' },
    { name: '8-bit CSI is removed', input: 'a\u009b31mb', want: 'ab' },
    { name: 'carriage return cannot overwrite', input: 'real error\rfake ok', want: 'real error fake ok' },
    { name: 'newlines and tabs become single spaces', input: 'a\n\n\tb', want: 'a b' },
    { name: 'bidi override is dropped', input: 'abc\u202Eevil', want: 'abcevil' },
    { name: 'NUL, BEL and DEL are dropped', input: 'a\x00b\x07c\x7fd', want: 'abcd' },
    { name: 'lone ESC is dropped', input: 'end\x1b', want: 'end' },
  ])('$name', ({ input, want }) => {
    expect(sanitizeText(input)).toBe(want);
  });

  it('caps the length and marks the cut', () => {
    const out = sanitizeText('x'.repeat(10_000), 20);
    expect(out).toHaveLength(20);
    expect(out.endsWith('…')).toBe(true);
  });

  it('does not split a surrogate pair when cutting', () => {
    const out = sanitizeText(`${'a'.repeat(8)}😀😀😀`, 10);
    expect(out).toBe(`${'a'.repeat(8)}…`);
  });
});
