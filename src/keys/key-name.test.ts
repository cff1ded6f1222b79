import { describe, expect, it } from 'vitest';
import { keyName } from './key-name.js';
import { NO_KEY } from './testing/no-key.js';

const none = NO_KEY;

describe('keyName', () => {
  it.each([
    { name: 'a letter', input: 'j', key: {}, out: 'j' },
    { name: 'a capital', input: 'G', key: { shift: true }, out: 'G' },
    { name: 'punctuation', input: '?', key: {}, out: '?' },
    { name: 'space', input: ' ', key: {}, out: 'space' },
    { name: 'up arrow', input: '', key: { upArrow: true }, out: 'up' },
    { name: 'page down', input: '', key: { pageDown: true }, out: 'pagedown' },
    { name: 'Enter', input: '\r', key: { return: true }, out: 'return' },
    { name: 'Esc (Ink sets meta too)', input: '', key: { escape: true, meta: true }, out: 'escape' },
    { name: 'Backspace sent as DEL', input: '', key: { delete: true }, out: 'backspace' },
    { name: 'Backspace sent as BS', input: '', key: { backspace: true }, out: 'backspace' },
    { name: 'Shift-Tab', input: '', key: { tab: true, shift: true }, out: 'shift+tab' },
    { name: 'Ctrl-C', input: 'c', key: { ctrl: true }, out: 'ctrl+c' },
    { name: 'Alt-x is not bound to anything', input: 'x', key: { meta: true }, out: undefined },
    { name: 'a paste', input: 'quay.io', key: {}, out: undefined },
  ])('$name', ({ input, key, out }) => {
    expect(keyName(input, { ...none, ...key })).toBe(out);
  });
});
