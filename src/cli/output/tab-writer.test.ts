import { describe, expect, it } from 'vitest';
import { alignTabs } from './tab-writer.js';

describe('alignTabs (Go tabwriter, minwidth 8, padding 2)', () => {
  it.each([
    { name: 'no tabs: unchanged', input: 'linux\namd64\n', output: 'linux\namd64\n' },
    // skopeo 1.9.3 printed exactly this for `{{.OS}}\t{{.Architecture}}\n{{.OS}}`.
    {
      name: 'short cell padded to the minimum width',
      input: 'linux\tamd64\nlinux\n',
      output: 'linux   amd64\nlinux\n',
    },
    {
      name: 'column as wide as its widest cell plus padding',
      input: 'a\tx\nlonger-cell\ty\n',
      output: 'a            x\nlonger-cell  y\n',
    },
    {
      name: 'a line without tabs ends the column block',
      input: 'a\tx\nbreak\nlonger-cell\ty\n',
      output: 'a       x\nbreak\nlonger-cell  y\n',
    },
    {
      name: 'nested columns',
      input: 'a\tb\tc\naaaaaaaaaa\tb\tc\n',
      output: 'a           b       c\naaaaaaaaaa  b       c\n',
    },
    { name: 'empty cells are padded', input: '\tx\n\ty\n', output: '        x\n        y\n' },
    { name: 'no trailing newline', input: 'a\tb', output: 'a       b' },
    { name: 'width counts characters, not bytes', input: 'é\tx\nab\ty\n', output: 'é       x\nab      y\n' },
    { name: 'vertical tab and form feed', input: 'a\vb\fc\n', output: 'a       b\nc\n' },
  ])('$name', ({ input, output }) => {
    expect(alignTabs(input)).toBe(output);
  });
});
