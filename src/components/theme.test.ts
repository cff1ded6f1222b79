import { afterEach, describe, expect, it } from 'vitest';
import { chooseTheme, theme, themeFor } from './theme.js';

const ANSI_16 = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray'];

describe('themeFor', () => {
  it('in colour, every role is one of the 16 ANSI names', () => {
    for (const c of Object.values(themeFor({ color: true }))) expect(ANSI_16).toContain(c);
  });

  it('without colour, no role has a colour', () => {
    for (const c of Object.values(themeFor({ color: false }))) expect(c).toBeUndefined();
  });
});

describe('chooseTheme', () => {
  afterEach(() => chooseTheme({ color: true }));

  it('components draw in colour until the entry chooses', () => {
    expect({ ...theme }).toEqual(themeFor({ color: true }));
  });

  it.each([
    { name: 'no colour', color: false },
    { name: 'colour', color: true },
  ])('$name is what components read', ({ color }) => {
    chooseTheme({ color });
    expect({ ...theme }).toEqual(themeFor({ color }));
  });
});
