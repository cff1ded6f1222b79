/**
 * Temporary configuration trees for registries.conf tests: files under a fresh directory and
 * loader options that point the system paths and HOME into it, so nothing on the machine
 * running the tests is read.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const roots: string[] = [];

/** Removes every tree made so far (call from `afterAll`). */
export function removeTrees(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

/** A fresh tree with `files` (paths relative to it); `$ROOT` in `env` values becomes its path. */
export function tree(files: Record<string, string>, env: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'berth-regconf-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('$ROOT', root)]));
  return {
    root,
    opts: {
      env: resolved,
      homeDir: join(root, 'home'),
      systemPath: join(root, 'etc/registries.conf'),
      systemDir: join(root, 'etc/registries.conf.d'),
    },
  };
}
