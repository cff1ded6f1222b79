import { describe, expect, it } from 'vitest';
import { visibleText } from '../../bench/pty-session.js';
import { filterLine, keySteps } from '../../bench/tui-case.js';
import { tagsFilterCapture } from './tags-filter-capture.js';

const BACKSPACE = '\x7f';
const { tags, keys } = tagsFilterCapture;

describe('filterLine', () => {
  // Visible text as the pty shows it: the cursor block is a reverse-video space, so a space.
  it.each([
    { name: 'empty filter', filter: '', total: 300, line: '/ type to filter      300/300', count: 300 },
    { name: 'typed filter', filter: '1.2', total: 100000, line: '/1.2       8100/100000', count: 8100 },
    { name: 'no match is a count too', filter: 'zz', total: 300, line: '/zz         0/300', count: 0 },
    {
      name: 'regex characters are literal',
      filter: 'v1+(rc)?',
      total: 40,
      line: '/v1+(rc)?      2/40',
      count: 2,
    },
    { name: '. is not any character', filter: '1.2', total: 300, line: '/1x2       5/300', count: undefined },
    {
      name: 'a longer filter is not this one',
      filter: '1',
      total: 300,
      line: '/1.    150/300',
      count: undefined,
    },
    {
      name: 'the empty filter is not a typed one',
      filter: '',
      total: 300,
      line: '/1      245/300',
      count: undefined,
    },
    { name: 'another total', filter: '1', total: 300, line: '/1      245/299', count: undefined },
    {
      name: 'the title is not the filter line',
      filter: '',
      total: 300,
      line: 'Tags 300 by name',
      count: undefined,
    },
  ])('$name', ({ filter, total, line, count }) => {
    const m = filterLine(filter, total).exec(line);
    expect(m ? Number(m[1]) : undefined).toBe(count);
  });

  // What the bench waits for after each key, against what berth wrote after that key.
  it.each(keys)(
    'finds the frame after $key: filter "$filter", $matches matches',
    ({ filter, matches, output }) => {
      const m = filterLine(filter, tags).exec(visibleText(output));
      expect(m?.[1]).toBe(String(matches));
    },
  );

  it.each(keys)('does not take the output after $key for another filter', ({ filter, output }) => {
    const others = new Set(keys.map((k) => k.filter).filter((f) => f !== filter));
    for (const other of others) expect(visibleText(output)).not.toMatch(filterLine(other, tags));
  });

  it('sees no filter line before `/` opens it', () => {
    expect(visibleText(tagsFilterCapture.listed)).not.toMatch(filterLine('', tags));
  });
});

describe('keySteps', () => {
  it.each([
    { name: 'nothing typed', typed: '', steps: [] },
    {
      name: 'two keys',
      typed: 'ab',
      steps: [
        { key: 'a', filter: 'a' },
        { key: 'b', filter: 'ab' },
        { key: BACKSPACE, filter: 'a' },
        { key: BACKSPACE, filter: '' },
      ],
    },
    {
      name: "the bench's filter",
      typed: '1.2-sl',
      steps: [
        { key: '1', filter: '1' },
        { key: '.', filter: '1.' },
        { key: '2', filter: '1.2' },
        { key: '-', filter: '1.2-' },
        { key: 's', filter: '1.2-s' },
        { key: 'l', filter: '1.2-sl' },
        { key: BACKSPACE, filter: '1.2-s' },
        { key: BACKSPACE, filter: '1.2-' },
        { key: BACKSPACE, filter: '1.2' },
        { key: BACKSPACE, filter: '1.' },
        { key: BACKSPACE, filter: '1' },
        { key: BACKSPACE, filter: '' },
      ],
    },
    {
      name: 'one key per code point, not per UTF-16 unit',
      typed: '🐳x',
      steps: [
        { key: '🐳', filter: '🐳' },
        { key: 'x', filter: '🐳x' },
        { key: BACKSPACE, filter: '🐳' },
        { key: BACKSPACE, filter: '' },
      ],
    },
  ])('$name', ({ typed, steps }) => {
    expect(keySteps(typed)).toEqual(steps);
  });

  it('is what the captured session typed after `/`', () => {
    const [open, ...typed] = keys;
    expect(open).toMatchObject({ key: '/', filter: '' });
    expect(typed.map(({ key, filter }) => ({ key, filter }))).toEqual(keySteps('1.'));
  });
});
