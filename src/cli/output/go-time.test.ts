import { describe, expect, it } from 'vitest';
import { formatGoTimeString, formatRfc3339Nano, GO_ZERO_TIME, parseGoTime } from './go-time.js';

describe('Go times', () => {
  // Expected values are what skopeo 1.9.3 printed for the same config `created` values.
  it.each([
    {
      name: 'nanoseconds, UTC',
      input: '2023-01-02T03:04:05.123456789Z',
      json: '2023-01-02T03:04:05.123456789Z',
      text: '2023-01-02 03:04:05.123456789 +0000 UTC',
    },
    {
      name: 'whole seconds',
      input: '2023-01-02T03:04:05Z',
      json: '2023-01-02T03:04:05Z',
      text: '2023-01-02 03:04:05 +0000 UTC',
    },
    {
      name: 'trailing zeros dropped',
      input: '2023-01-02T03:04:05.500Z',
      json: '2023-01-02T03:04:05.5Z',
      text: '2023-01-02 03:04:05.5 +0000 UTC',
    },
    {
      name: 'all-zero fraction',
      input: '2023-01-02T03:04:05.000+00:00',
      json: '2023-01-02T03:04:05Z',
      text: '2023-01-02 03:04:05 +0000 UTC',
    },
    {
      name: 'positive offset kept',
      input: '2023-01-02T03:04:05.5+02:00',
      json: '2023-01-02T03:04:05.5+02:00',
      text: '2023-01-02 03:04:05.5 +0200 +0200',
    },
    {
      name: 'negative offset kept',
      input: '1999-12-31T23:59:59-07:30',
      json: '1999-12-31T23:59:59-07:30',
      text: '1999-12-31 23:59:59 -0730 -0730',
    },
    {
      name: 'digits beyond nanoseconds truncated',
      input: '2023-01-02T03:04:05.1234567891Z',
      json: '2023-01-02T03:04:05.123456789Z',
      text: '2023-01-02 03:04:05.123456789 +0000 UTC',
    },
    {
      name: 'lower-case t and z',
      input: '2023-01-02t03:04:05z',
      json: '2023-01-02T03:04:05Z',
      text: '2023-01-02 03:04:05 +0000 UTC',
    },
  ])('$name', ({ input, json, text }) => {
    const t = parseGoTime(input);
    expect(formatRfc3339Nano(t)).toBe(json);
    expect(formatGoTimeString(t)).toBe(text);
  });

  it('prints the zero time as Go does', () => {
    expect(formatRfc3339Nano(GO_ZERO_TIME)).toBe('0001-01-01T00:00:00Z');
    expect(formatGoTimeString(GO_ZERO_TIME)).toBe('0001-01-01 00:00:00 +0000 UTC');
  });

  it.each([
    '',
    '2023-01-02',
    '2023-01-02 03:04:05Z',
    '2023-13-02T03:04:05Z',
    '2023-01-02T24:00:00Z',
    '2023-01-02T03:04:05+0200',
  ])('refuses %j', (input) => {
    expect(() => parseGoTime(input)).toThrow(/parsing time/);
  });
});
