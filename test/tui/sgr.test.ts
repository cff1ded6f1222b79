import { describe, expect, it } from 'vitest';
import { colourSequences, drawn, STYLE, stylesAt } from './sgr.js';

describe('colourSequences', () => {
  it.each([
    { name: 'a 16-colour foreground', out: '\x1b[36mx\x1b[39m', want: ['\x1b[36m', '\x1b[39m'] },
    { name: 'a bright background', out: '\x1b[101mx\x1b[49m', want: ['\x1b[101m', '\x1b[49m'] },
    { name: 'a 256-colour foreground', out: '\x1b[38;5;208mx', want: ['\x1b[38;5;208m'] },
    { name: 'a truecolor background', out: '\x1b[48;2;1;2;3mx', want: ['\x1b[48;2;1;2;3m'] },
    { name: 'the colon form', out: '\x1b[38:5:1mx', want: ['\x1b[38:5:1m'] },
    { name: 'colour among styles', out: '\x1b[1;31mx', want: ['\x1b[1;31m'] },
    { name: 'styles only', out: '\x1b[7m\x1b[1mx\x1b[22m\x1b[27m\x1b[4m\x1b[2m\x1b[0m', want: [] },
    { name: 'cursor movement', out: '\x1b[2K\x1b[1A\x1b[G\x1b[?25l', want: [] },
  ])('$name', ({ out, want }) => {
    expect(colourSequences(out)).toEqual(want);
  });
});

describe('stylesAt', () => {
  const d = drawn('\x1b[2K\x1b[7m\x1b[1m> a\x1b[22m\x1b[27m b \x1b[7m \x1b[27m\x1b[38;5;1mhint\x1b[0m');
  it.each([
    { name: 'a selected row', text: '> a', offset: 0, want: [STYLE.inverse, STYLE.bold] },
    { name: 'plain text after it', text: 'b', offset: 0, want: [] },
    { name: 'a cursor before a placeholder', text: 'b  hint', offset: 2, want: [STYLE.inverse] },
    { name: 'a colour argument is no style', text: 'hint', offset: 0, want: [] },
  ])('$name', ({ text, offset, want }) => {
    expect([...stylesAt(d, text, offset)].sort()).toEqual([...want].sort());
  });
});
