/**
 * `inspect` starts listing the repository's tags while it reads the image (src/cli/inspect.ts).
 * When the image then fails, that listing must be cancelled: closing HTTP waits for requests in
 * flight, so a slow tag list would otherwise hold the error's exit for as long as it takes.
 * Here the config blob is missing (a 404 from the fault proxy) and the tag list trickles in at
 * 20 bytes a second (about half an hour for these 2 000 tags): the run must end with the image's
 * error, the tag list having been asked for and given up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runBerth, type Sandbox } from '../compat/auth-sandbox.js';
import {
  type FaultProxy,
  pushImage,
  pushTags,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
} from '../harness/index.js';

let reg: RegistryInstance;
let proxy: FaultProxy;
let sandbox: Sandbox;

beforeAll(async () => {
  reg = await startRegistry({ mode: 'plain' });
  const image = await pushImage(reg, { repository: 'slow/tags', tag: 'v1', layers: [{ size: 64, seed: 1 }] });
  const tags = Array.from({ length: 2000 }, (_, i) => `t${i}`);
  await pushTags(reg, { repository: 'slow/tags', tags, digest: image.digest, method: 'storage' });
  proxy = await startFaultProxy({ target: reg.url });
  sandbox = await makeSandbox('inspect-tags-cancel');
});
afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
  await sandbox?.remove();
});

describe('inspect, when the image fails after the tag list was started', () => {
  it('reports the image error without waiting for the tag list', async () => {
    proxy.add({
      method: 'GET',
      path: /\/blobs\/sha256:/,
      fault: { kind: 'status', status: 404 },
      times: Infinity,
    });
    proxy.add({
      method: 'GET',
      path: /\/tags\/list/,
      fault: { kind: 'slow', bytesPerSecond: 1 },
      times: Infinity,
    });

    const r = await runBerth(['inspect', '--tls-verify=false', `docker://${proxy.host}/slow/tags:v1`], {
      env: sandbox.env,
    });

    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: .*blob.*\n$/i);
    expect(r.code).not.toBe(0);
    expect(proxy.requests.some((q) => q.method === 'GET' && q.url.includes('/tags/list'))).toBe(true);
  });
});
