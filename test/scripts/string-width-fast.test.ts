import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build helper without types
import { fastWidth, NARROW_TEXT } from '../../scripts/string-width-fast.mjs';

const fast = fastWidth as (
  text: unknown,
  options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean },
) => number | undefined;

describe('fastWidth (the bundle stand-in for string-width)', () => {
  it('gives width 1 only to characters string-width gives width 1', () => {
    const wrong: string[] = [];
    for (let c = 0x20; c <= 0x2fff; c++) {
      const ch = String.fromCodePoint(c);
      if (NARROW_TEXT.test(ch) && stringWidth(ch) !== 1) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    { text: '', width: 0 },
    { text: 'Tags 100000 by name', width: 19 },
    { text: '\u001b[1m> 1.4.2\u001b[22m  linux/amd64 … = 1, 1.4', width: 31 },
    { text: '╭──── berth › registries › 127.0.0.1:5000 ────╮', width: 47 },
    { text: '1.2 → sha256:4554f7 · 3 layers', width: 30 },
    { text: '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007', width: 4 },
  ])('measures $text like string-width', ({ text, width }) => {
    expect(fast(text)).toBe(width);
    expect(stringWidth(text)).toBe(width);
  });

  it.each([
    { name: 'wide CJK', text: '日本' },
    { name: 'emoji', text: 'ok 😀' },
    { name: 'a combining accent', text: 'e\u0301' },
    { name: 'an emoji presentation selector', text: '↔\ufe0f' },
    { name: 'a wide geometric shape', text: '◽' },
    { name: 'the soft hyphen', text: 'a\u00adb' },
  ])('leaves $name to string-width', ({ text }) => {
    expect(fast(text)).toBeUndefined();
  });

  it.each([
    { name: 'ambiguous characters wide', text: '→', options: { ambiguousIsNarrow: false }, width: undefined },
    {
      name: 'escape codes counted',
      text: '\u001b[1mA\u001b[22m',
      options: { countAnsiEscapeCodes: true },
      width: undefined,
    },
  ])('honours options: $name', ({ text, options, width }) => {
    expect(fast(text, options)).toBe(width);
  });
});
