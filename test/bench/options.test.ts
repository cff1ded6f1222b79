import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/options.js';

describe('--sync-latency', () => {
  it.each([
    { name: 'default', argv: [], ms: 20 },
    { name: '--quick keeps it', argv: ['--quick'], ms: 20 },
    { name: 'set', argv: ['--sync-latency', '50'], ms: 50 },
    { name: '0 turns the variant off', argv: ['--sync-latency', '0'], ms: 0 },
  ])('$name', ({ argv, ms }) => {
    expect(parseOptions(argv, '/tmp/out').syncLatencyMs).toBe(ms);
  });

  it.each(['-5', '2.5', 'x', ''])('rejects %j', (value) => {
    expect(() => parseOptions([`--sync-latency=${value}`], '/tmp/out')).toThrow(/--sync-latency needs/);
  });
});
