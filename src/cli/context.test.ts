import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Http, HttpRequest } from '../registry/http/types.js';
import { CliContext } from './context.js';
import { lazyRegistries } from './registries.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-cli-context-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const conf = join(dir, 'registries.conf');
writeFileSync(
  conf,
  [
    '[[registry]]\nlocation = "reg.test"\nblocked = true',
    '[[registry]]\nprefix = "reg.test/open"\nlocation = "reg.test/open"',
    '[[registry]]\nlocation = "other.test"',
    '[[registry]]\nprefix = "other.test/shut"\nlocation = "other.test/shut"\nblocked = true\ninsecure = true',
  ].join('\n'),
);

/** Records requests and answers each with a network failure. */
function recordingHttp(seen: HttpRequest[]): Http {
  return {
    async request(req) {
      seen.push(req);
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    },
    async close() {},
  };
}

function context(seen: HttpRequest[] = []) {
  const env = { HOME: join(dir, 'home') };
  return new CliContext({
    globals: { debug: false, insecurePolicy: false },
    env,
    http: recordingHttp(seen),
    registries: lazyRegistries({ env, path: conf, debug: () => {} }),
  });
}

const access = { noCreds: true };
const blockedIn = (prefix: string) =>
  new RegExp(`^registry ${prefix.replace('.', '\\.')} is blocked in ${conf} or `);

describe('CliContext.clientFor and registries.conf', () => {
  it.each([
    {
      name: 'a blocked registry, as a whole',
      registry: 'reg.test',
      repository: undefined,
      blocked: 'reg.test',
    },
    {
      name: 'a repository of a blocked registry',
      registry: 'reg.test',
      repository: 'x/app',
      blocked: 'reg.test',
    },
    {
      name: 'a repository its own entry leaves open',
      registry: 'reg.test',
      repository: 'open/app',
      blocked: undefined,
    },
    { name: 'a blocked repository', registry: 'other.test', repository: 'shut', blocked: 'other.test/shut' },
    { name: 'the rest of that registry', registry: 'other.test', repository: 'app', blocked: undefined },
    { name: 'that registry as a whole', registry: 'other.test', repository: undefined, blocked: undefined },
  ])('$name', ({ registry, repository, blocked }) => {
    const ctx = context();
    const call = () => ctx.clientFor(registry, access, repository ? { repository } : {});
    if (blocked) expect(call).toThrow(blockedIn(blocked));
    else expect(call).not.toThrow();
  });

  it('asks a probe client’s registry once per request, without HTTP retries', async () => {
    const seen: HttpRequest[] = [];
    const ctx = context(seen);
    const probe = ctx.clientFor('other.test', access, { repository: 'app', probe: true });
    await expect(probe.getManifest({ repository: 'app', reference: '1' })).rejects.toThrow();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.idempotent === false)).toBe(true);
    seen.length = 0;
    const normal = ctx.clientFor('other.test', access, { repository: 'app' });
    expect(normal).not.toBe(probe);
    await expect(normal.getManifest({ repository: 'app', reference: '1' })).rejects.toThrow();
    expect(seen.every((r) => r.idempotent === undefined)).toBe(true);
  });
});
