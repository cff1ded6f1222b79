import { describe, expect, it } from 'vitest';
import { visibleText } from '../../bench/pty-session.js';
import { tagsFilterCapture } from './tags-filter-capture.js';

// Chunks as berth wrote them to the pty (see tags-filter-capture.ts), plus the sequences berth
// or a shell may also write: OSC 52 (copy), OSC titles and links, charset and cursor saves.
describe('visibleText', () => {
  it.each([
    { name: 'entering the alternate screen', raw: '\x1b[?1049h\x1b[?2026h\x1b[?25l', text: '' },
    {
      name: 'a bold, coloured header',
      raw: '\x1b[1m\x1b[36mberth\x1b[39m\x1b[22m › registries › \x1b[1mbench/tui-tags\x1b[22m\r\n',
      text: 'berth › registries › bench/tui-tags\n',
    },
    {
      name: 'a line redrawn in place (cursor up, next line, column 1, erase to end)',
      raw: '\x1b[22A\x1b[E\x1b[1G\x1b[1mTags\x1b[22m\x1b[90m 300 by name\x1b[39m\x1b[K\r\n',
      text: 'Tags 300 by name\n',
    },
    {
      name: 'the filter line with its reverse-video cursor',
      raw: `\x1b[?2026h\x1b[22A\x1b[E\x1b[E\x1b[1G\x1b[36m/\x1b[39m1.\x1b[7m \x1b[27m${' '.repeat(68)}\x1b[90m 150/300\x1b[39m\x1b[K\r\n`,
      text: `/1. ${' '.repeat(68)} 150/300\n`,
    },
    {
      name: 'a row with the matched text underlined',
      raw: '\x1b[1G  0.0.\x1b[4m\x1b[36m1\x1b[39m\x1b[24m-alpine3\x1b[4m\x1b[36m.\x1b[39m\x1b[24m19    linux/amd64\x1b[K\r\n',
      text: '  0.0.1-alpine3.19    linux/amd64\n',
    },
    { name: 'leaving the alternate screen', raw: '\x1b[?25h\x1b[?25h\x1b[?1049l\x1b[?25h', text: '' },
    {
      name: 'OSC 52 copy, ended by BEL',
      raw: 'copied\x1b]52;c;MTI3LjAuMC4xOjQ0MTU5L2JlbmNoL3R1aS10YWdzOjAuMC4x\x07!',
      text: 'copied!',
    },
    { name: 'an OSC title ended by ST', raw: '\x1b]0;berth\x1b\\Tags', text: 'Tags' },
    {
      name: 'an OSC 8 link',
      raw: '\x1b]8;;https://distribution.github.io/\x1b\\docs\x1b]8;;\x1b\\',
      text: 'docs',
    },
    { name: 'charset and SGR reset (tput sgr0)', raw: 'a\x1b(B\x1b[mb', text: 'ab' },
    { name: 'cursor save and restore, keypad modes', raw: '\x1b7\x1b=x\x1b>\x1b8', text: 'x' },
    {
      name: 'plain text is kept, unicode included',
      raw: 'Tags 3 by name › … ▮',
      text: 'Tags 3 by name › … ▮',
    },
  ])('$name', ({ raw, text }) => {
    expect(visibleText(raw)).toBe(text);
  });

  const outputs = [
    { name: 'listed', output: tagsFilterCapture.listed },
    ...tagsFilterCapture.keys.map((k) => ({ name: `after ${JSON.stringify(k.key)}`, output: k.output })),
  ];
  it.each(outputs)('leaves no escape or carriage return in the captured output $name', ({ output }) => {
    const text = visibleText(output);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for what must be gone
    expect(text).not.toMatch(/[\x1b\r]/);
    expect(text.length).toBeGreaterThan(0);
  });

  it('shows the screen the capture listed', () => {
    const text = visibleText(tagsFilterCapture.listed);
    expect(text).toContain(`Tags ${tagsFilterCapture.tags} by name`);
    expect(text).toMatch(/> 0\.0\.1 +linux\/amd64 +64 B/);
  });
});
