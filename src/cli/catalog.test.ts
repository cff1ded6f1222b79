import { describe, expect, it } from 'vitest';
import { parseRegistryArgument } from './catalog.js';
import { UsageError } from './errors.js';

describe('catalog REGISTRY argument', () => {
  it.each([
    { input: 'registry.example', registry: 'registry.example' },
    { input: '127.0.0.1:5000', registry: '127.0.0.1:5000' },
    { input: 'docker://127.0.0.1:5000', registry: '127.0.0.1:5000' },
    { input: 'docker://registry.example/', registry: 'registry.example' },
    { input: 'localhost', registry: 'localhost' },
    { input: 'myregistry', registry: 'myregistry' },
    { input: '[::1]:5000', registry: '[::1]:5000' },
    { input: 'index.docker.io', registry: 'docker.io' },
  ])('$input → $registry', ({ input, registry }) => {
    expect(parseRegistryArgument(input)).toBe(registry);
  });

  it.each(['', 'registry.example/team', 'host:port', 'host:70000', 'bad_host!', 'docker://'])(
    'refuses %j',
    (input) => {
      expect(() => parseRegistryArgument(input)).toThrow(UsageError);
    },
  );
});
