import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyRegistries } from './registries.js';

const root = mkdtempSync(join(tmpdir(), 'berth-cli-registries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const conf = join(root, 'registries.conf');
writeFileSync(
  conf,
  '[[registry]]\nlocation = "insecure.test:5000"\ninsecure = true\n[[registry]]\nlocation = "blocked.test"\nblocked = true\n',
);

describe('lazyRegistries', () => {
  it('reads nothing until asked, then answers from the file', () => {
    const debug: string[] = [];
    const r = lazyRegistries({ env: { HOME: join(root, 'home') }, path: conf, debug: (m) => debug.push(m) });
    expect(debug).toEqual([]);
    expect(r.isInsecure('insecure.test:5000')).toBe(true);
    expect(r.isBlocked('blocked.test')).toBe(true);
    expect(r.isInsecure('blocked.test')).toBe(false);
    expect(debug).toHaveLength(1);
    expect(debug[0]).toContain(`registries.conf: loaded ${conf}`);
  });

  it('honours CONTAINERS_REGISTRIES_CONF', () => {
    const r = lazyRegistries({
      env: { HOME: join(root, 'home'), CONTAINERS_REGISTRIES_CONF: conf },
      debug: () => {},
    });
    expect(r.isBlocked('blocked.test')).toBe(true);
  });

  it('fails every question the same way for a broken file, reading it once', () => {
    const broken = join(root, 'broken.conf');
    writeFileSync(broken, '[[registry]]\nprefix = "x.test"\n');
    const debug: string[] = [];
    const r = lazyRegistries({ env: { HOME: root }, path: broken, debug: (m) => debug.push(m) });
    const message = `loading registries configuration "${broken}": invalid condition: location is unset and prefix is not in the format: *.example.com`;
    expect(() => r.isInsecure('x.test')).toThrow(message);
    writeFileSync(broken, '');
    expect(() => r.isBlocked('x.test')).toThrow(message);
    expect(debug).toEqual([]);
  });
});
