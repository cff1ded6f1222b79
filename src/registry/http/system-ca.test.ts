import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSystemCa, pemCertificates } from './system-ca.js';
import { makePki, type TestPki } from './test-helpers.js';

describe('pemCertificates', () => {
  it('extracts certificate blocks and skips comments and other blocks', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const text = `# Root CA\n${cert}\n-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n${cert}\n`;
    expect(pemCertificates(text)).toEqual([cert, cert]);
  });
});

describe('loadSystemCa', () => {
  let pki: TestPki;
  let dir: string;
  let bundle: string;
  let extra: string;

  beforeAll(async () => {
    pki = await makePki();
    dir = await mkdtemp(join(tmpdir(), 'berth-system-ca-'));
    bundle = join(dir, 'bundle.pem');
    extra = join(dir, 'extra.pem');
    await writeFile(bundle, `# corporate\n${pki.caPem}`);
    await writeFile(extra, pki.serverCert);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await pki.cleanup();
  });

  const corporate = () => pki.caPem.trim();
  const extraCert = () => pki.serverCert.trim();

  it.each([
    {
      name: 'first readable bundle of the list',
      env: {},
      files: () => [join(dir, 'missing.pem'), bundle],
      has: [corporate],
      lacks: [extraCert],
    },
    {
      name: 'no bundle at all still has Node roots',
      env: {},
      files: () => [join(dir, 'missing.pem')],
      has: [],
      lacks: [corporate],
    },
    {
      name: 'SSL_CERT_FILE replaces the list',
      env: () => ({ SSL_CERT_FILE: bundle }),
      files: () => [join(dir, 'missing.pem')],
      has: [corporate],
      lacks: [],
    },
    {
      name: 'NODE_EXTRA_CA_CERTS is added',
      env: () => ({ NODE_EXTRA_CA_CERTS: extra }),
      files: () => [bundle],
      has: [corporate, extraCert],
      lacks: [],
    },
  ])('$name', async ({ env, files, has, lacks }) => {
    const certs = await loadSystemCa({ env: typeof env === 'function' ? env() : env, files: files() });
    expect(certs.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    for (const want of has) expect(certs).toContain(want());
    for (const unwanted of lacks) expect(certs).not.toContain(unwanted());
  });
});
