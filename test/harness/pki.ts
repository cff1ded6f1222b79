import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir } from './cleanup.js';
import { requireBinaries } from './require-binary.js';

const run = promisify(execFile);

/**
 * Crypto material shared by every registry a test process starts, as PEM text. Nothing stays on
 * disk: each registry writes the files it needs into its own temp dir, so a test process that is
 * killed leaves no key material behind.
 */
export interface Pki {
  /** Test CA that signs the TLS server certificate. */
  caPem: string;
  caKeyPem: string;
  /** TLS server certificate for `127.0.0.1` and `localhost` (subjectAltName), signed by the CA. */
  serverCertPem: string;
  serverKeyPem: string;
  /**
   * Self-signed RSA certificate whose key signs registry JWTs. The registry's `rootcertbundle` is this
   * same certificate: distribution 2.8 verifies the `x5c` leaf with Go's `x509.Verify`, which accepts a
   * leaf that is itself in the root pool, so no separate CA is needed (proven by the self-tests).
   */
  tokenCertPem: string;
  tokenKeyPem: string;
  /** Base64 (not base64url) DER of the token certificate, as the JWT `x5c` header wants it. */
  tokenCertDerBase64: string;
}

// One config file keeps openssl independent of the distribution's openssl.cnf defaults.
const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = berth-test
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_token]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
`;

let pending: Promise<Pki> | undefined;

/**
 * Returns the test PKI, making it on first use. openssl takes a noticeable fraction of a second per
 * key, so the material is made once per test process and shared by every registry it starts.
 */
export function getPki(): Promise<Pki> {
  pending ??= makePki().catch((err: unknown) => {
    pending = undefined;
    throw new Error('making test certificates with openssl', { cause: err });
  });
  return pending;
}

async function makePki(): Promise<Pki> {
  requireBinaries(['openssl']);
  const dir = makeTempDir('pki');
  try {
    return await makePkiIn(dir);
  } finally {
    removeTempDir(dir);
  }
}

async function makePkiIn(dir: string): Promise<Pki> {
  const f = (name: string) => join(dir, name);
  const config = f('openssl.cnf');
  writeFileSync(config, OPENSSL_CONFIG);
  const days = ['-days', '30'];
  const rsa = ['-newkey', 'rsa:2048', '-nodes'];

  const ca = run('openssl', [
    'req',
    '-x509',
    ...rsa,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    ...days,
    '-config',
    config,
    '-extensions',
    'v3_ca',
    '-subj',
    '/CN=berth test CA',
  ]);
  const serverCsr = run('openssl', [
    'req',
    '-new',
    ...rsa,
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-config',
    config,
    '-subj',
    '/CN=127.0.0.1',
  ]);
  const token = run('openssl', [
    'req',
    '-x509',
    ...rsa,
    '-keyout',
    f('token.key'),
    '-out',
    f('token.crt'),
    ...days,
    '-config',
    config,
    '-extensions',
    'v3_token',
    '-subj',
    '/CN=berth test token signer',
  ]);
  await Promise.all([ca, serverCsr, token]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.crt'),
    ...days,
    '-extfile',
    config,
    '-extensions',
    'v3_server',
  ]);

  const read = (name: string) => readFileSync(f(name), 'utf8');
  return {
    caPem: read('ca.crt'),
    caKeyPem: read('ca.key'),
    serverCertPem: read('server.crt'),
    serverKeyPem: read('server.key'),
    tokenCertPem: read('token.crt'),
    tokenKeyPem: read('token.key'),
    tokenCertDerBase64: pemToDerBase64(read('token.crt')),
  };
}

/** Strips the PEM armour, leaving the base64 DER body on one line. */
function pemToDerBase64(pem: string): string {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match?.[1]) throw new Error('token certificate is not PEM');
  return match[1].replace(/\s+/g, '');
}
