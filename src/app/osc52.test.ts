import { describe, expect, it } from 'vitest';
import { OSC52_MAX_BYTES, osc52Sequence } from './osc52.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('osc52Sequence', () => {
  it.each([
    { name: 'plain', text: 'docker.io', tmux: false, out: `\x1b]52;c;${b64('docker.io')}\x07` },
    { name: 'UTF-8', text: 'é', tmux: false, out: `\x1b]52;c;${b64('é')}\x07` },
    {
      name: 'tmux passthrough doubles ESC and wraps in DCS',
      text: 'a',
      tmux: true,
      out: `\x1bPtmux;\x1b\x1b]52;c;${b64('a')}\x07\x1b\\`,
    },
  ])('$name', ({ text, tmux, out }) => {
    expect(osc52Sequence(text, { tmux })).toBe(out);
  });

  it('refuses text whose sequence would pass the cap', () => {
    const fits = 'x'.repeat(Math.floor((OSC52_MAX_BYTES - 10) / 4) * 3);
    expect(osc52Sequence(fits)).toBeDefined();
    expect(osc52Sequence('x'.repeat(OSC52_MAX_BYTES))).toBeUndefined();
    expect(osc52Sequence('abc', { maxBytes: 10 })).toBeUndefined();
  });
});
