/** What the archive transports' tests share: two small real tar layers and a fresh directory per test. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { tar } from '../../../../../test/harness/index.js';

/** A base layer (`etc/hostname`). */
export const BASE_LAYER = tar([{ name: 'etc/' }, { name: 'etc/hostname', content: 'base\n' }]);
/** An application layer over it (`app/bin`). */
export const APP_LAYER = tar([{ name: 'app/' }, { name: 'app/bin', content: 'app'.repeat(500) }]);

/**
 * Registers hooks that give each test an empty directory of its own under one temp root
 * (removed after the file); returns getters for the current test's directory and the root.
 */
export function dirPerTest(prefix: string): { dir: () => string; root: () => string } {
  let root = '';
  let dir = '';
  let n = 0;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    dir = join(root, `case${n++}`);
    await mkdir(dir);
  });
  return { dir: () => dir, root: () => root };
}
