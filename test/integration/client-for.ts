/**
 * Builds berth's own registry client for a harness registry: the real HTTP layer,
 * certs.d trust for TLS modes, and credentials through a real auth.json read by the
 * real keychain, the way a user's machine would provide them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credential } from '../../src/registry/auth/index.js';
import { createKeychain } from '../../src/registry/auth/index.js';
import type { HttpOptions } from '../../src/registry/http/index.js';
import { createHttp } from '../../src/registry/http/index.js';
import type { Http } from '../../src/registry/http/types.js';
import type { RateLimit } from '../../src/registry/remote/index.js';
import { RegistryClient } from '../../src/registry/remote/index.js';
import type { RegistryInstance } from '../harness/index.js';

export interface ClientForOptions {
  /** Write these credentials to a temp auth.json and read them through the keychain. */
  login?: { username: string; password: string };
  /** Pass credentials directly, as `--creds` would. */
  credential?: Credential;
  /** Trust the registry's CA through certs.d (default true for TLS modes). */
  trustCa?: boolean;
  /** Talk to this host instead of the registry (e.g. a fault proxy in front of it). */
  host?: string;
  http?: Partial<HttpOptions>;
  onRateLimit?: (limit: RateLimit) => void;
}

export interface TestClient {
  client: RegistryClient;
  http: Http;
  close(): Promise<void>;
}

export async function clientFor(reg: RegistryInstance, opts: ClientForOptions = {}): Promise<TestClient> {
  const host = opts.host ?? reg.host;
  const tls = reg.mode === 'tls' || reg.mode === 'tls-basic';
  const trust = opts.trustCa ?? true;
  const dir = await mkdtemp(join(tmpdir(), 'berth-client-'));
  const http = createHttp({
    // No system certs.d: the test decides what is trusted.
    certDirs: tls && trust && reg.certsDir ? [reg.certsDir] : [join(dir, 'no-certs.d')],
    retry: { minDelayMs: 10, maxDelayMs: 50 },
    ...opts.http,
  });
  let keychain: ReturnType<typeof createKeychain> | undefined;
  if (opts.login) {
    const authFile = join(dir, 'auth.json');
    const auth = Buffer.from(`${opts.login.username}:${opts.login.password}`).toString('base64');
    await writeFile(authFile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
    keychain = createKeychain({ authFile, env: {}, homeDir: dir });
  }
  const client = new RegistryClient({
    http,
    registry: host,
    insecure: !tls,
    ...(keychain ? { keychain } : {}),
    ...(opts.credential ? { credential: opts.credential } : {}),
    ...(opts.onRateLimit ? { onRateLimit: opts.onRateLimit } : {}),
  });
  return {
    client,
    http,
    async close() {
      await http.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Reads an async iterable of chunks into one buffer. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of source) parts.push(c);
  return Buffer.concat(parts);
}
