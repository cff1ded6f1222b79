/**
 * TLS verification belongs to the registry client, not to the host: on one HTTP layer, a
 * client marked insecure talks to a TLS registry whose CA nobody trusts, while a client of
 * the same host that verifies is refused — before and after the insecure one connected. (A
 * per-host switch once left every later client of a host that any insecure client had used,
 * or that the TUI had toggled back to verifying, unverified.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../src/registry/http/index.js';
import { RegistryClient } from '../../src/registry/remote/index.js';
import { pushImage, type RegistryInstance, startRegistry } from '../harness/index.js';

let reg: RegistryInstance;
const http = createHttp({ certDirs: ['/nonexistent/certs.d'], retry: { maxRetries: 0 } });

beforeAll(async () => {
  reg = await startRegistry({ mode: 'tls' });
  await pushImage(reg, { repository: 'tls/app', tag: 'v1', layers: [{ size: 10, seed: 1 }] });
});
afterAll(async () => {
  await http.close();
  await reg?.stop();
});

const client = (insecure: boolean) => new RegistryClient({ http, registry: reg.host, insecure });
const read = (c: RegistryClient) => c.headManifest({ repository: 'tls/app', reference: 'v1' });

describe('TLS verification per client', () => {
  it('a verifying client is refused, an insecure one reads, then a new verifying one is refused again', async () => {
    await expect(read(client(false))).rejects.toThrow(/certificate/i);
    expect((await read(client(true)))?.digest).toMatch(/^sha256:/);
    await expect(read(client(false))).rejects.toThrow(/certificate/i);
  });
});
