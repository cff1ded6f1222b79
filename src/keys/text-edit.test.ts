import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { keyName } from './key-name.js';
import { NO_KEY } from './testing/no-key.js';
import { editText, type TextState, textState } from './text-edit.js';

const key = (input: string, flags: Partial<Key> = {}) => {
  const k: Key = { ...NO_KEY, ...flags };
  return { name: keyName(input, k), input, key: k };
};

const at = (value: string, cursor: number): TextState => ({ value, cursor });

describe('editText', () => {
  it.each([
    { name: 'types at the end', from: textState('ab'), ev: key('c'), to: at('abc', 3) },
    { name: 'types in the middle', from: at('ac', 1), ev: key('b'), to: at('abc', 2) },
    { name: 'a space', from: textState('a'), ev: key(' '), to: at('a ', 2) },
    { name: 'a paste', from: textState('x'), ev: key('quay.io'), to: at('xquay.io', 8) },
    { name: 'a paste loses control characters', from: textState(''), ev: key('a\tb\x1b'), to: at('ab', 2) },
    { name: 'backspace', from: at('abc', 2), ev: key('', { delete: true }), to: at('ac', 1) },
    { name: 'backspace at the start', from: at('abc', 0), ev: key('', { delete: true }), to: at('abc', 0) },
    { name: 'left', from: at('abc', 2), ev: key('', { leftArrow: true }), to: at('abc', 1) },
    {
      name: 'right stops at the end',
      from: at('abc', 3),
      ev: key('', { rightArrow: true }),
      to: at('abc', 3),
    },
    { name: 'home', from: at('abc', 2), ev: key('', { home: true }), to: at('abc', 0) },
    { name: 'ctrl-e', from: at('abc', 0), ev: key('e', { ctrl: true }), to: at('abc', 3) },
    {
      name: 'ctrl-u clears before the cursor',
      from: at('abcd', 2),
      ev: key('u', { ctrl: true }),
      to: at('cd', 0),
    },
    {
      name: 'ctrl-w deletes a word',
      from: textState('quay.io org'),
      ev: key('w', { ctrl: true }),
      to: at('quay.io ', 8),
    },
    {
      name: 'code points, not UTF-16 units',
      from: textState('a😀'),
      ev: key('', { delete: true }),
      to: at('a', 1),
    },
  ])('$name', ({ from, ev, to }) => {
    expect(editText(from, ev)).toEqual(to);
  });

  it.each([
    { name: 'Enter', ev: key('\r', { return: true }) },
    { name: 'Esc', ev: key('', { escape: true, meta: true }) },
    { name: 'Tab', ev: key('\t', { tab: true }) },
    { name: 'up', ev: key('', { upArrow: true }) },
    { name: 'Ctrl-C', ev: key('c', { ctrl: true }) },
  ])('leaves $name to the keymap', ({ ev }) => {
    expect(editText(textState('x'), ev)).toBeUndefined();
  });
});
