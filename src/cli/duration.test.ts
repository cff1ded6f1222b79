import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';

describe('parseGoDuration (Go time.ParseDuration)', () => {
  it.each([
    { text: '0', ms: 0 },
    { text: '1s', ms: 1000 },
    { text: '1m30s', ms: 90_000 },
    { text: '1.5h', ms: 5_400_000 },
    { text: '-2ms', ms: -2 },
    { text: '+.5s', ms: 500 },
    { text: '250us', ms: 0.25 },
    { text: '250\u00b5s', ms: 0.25 },
    { text: '250\u03bcs', ms: 0.25 },
    { text: '1000000ns', ms: 1 },
  ])('$text is $ms ms', ({ text, ms }) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each(['', '1', 's', '1d', '1s2', '--1s', '1 s', '-'])('refuses %j', (text) => {
    expect(() => parseGoDuration(text)).toThrow(/^time: invalid duration /);
  });
});
