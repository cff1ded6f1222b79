/**
 * The CA certificates a Go program (skopeo) would trust, for Node 20, which only trusts
 * its own bundled Mozilla list: it has no `--use-system-ca` and no `tls.getCACertificates`
 * (ecosystem.md §0 item 8). A corporate CA installed in the OS store would otherwise make
 * every registry behind a TLS-inspecting proxy fail.
 *
 * The set is: Node's bundled roots, plus the first readable OS bundle (or `SSL_CERT_FILE`
 * instead, as in Go and OpenSSL), plus `NODE_EXTRA_CA_CERTS` — which Node itself would
 * add, but not once an explicit `ca` list replaces its defaults.
 */
import { readFile } from 'node:fs/promises';

/** Where Linux distributions (and macOS) keep the PEM bundle; the order is Go's. */
export const SYSTEM_CA_FILES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7+
  '/etc/ssl/cert.pem', // Alpine, macOS
];

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** The PEM certificate blocks in `text`; comments and other blocks (keys, trust data) are skipped. */
export function pemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface SystemCaOptions {
  env: NodeJS.ProcessEnv;
  /** Candidate bundle files, first readable wins; defaults to `SYSTEM_CA_FILES`. */
  files?: readonly string[];
}

/** Loads the trusted CA list described above. Unreadable files are skipped, never fatal. */
export async function loadSystemCa(opts: SystemCaOptions): Promise<string[]> {
  // Looked up, not imported: only https connections need node:tls (see tls.ts).
  const certs = [...process.getBuiltinModule('node:tls').rootCertificates];
  const override = opts.env.SSL_CERT_FILE?.trim();
  for (const file of override ? [override] : (opts.files ?? SYSTEM_CA_FILES)) {
    const text = await readOptional(file);
    if (text === undefined) continue;
    certs.push(...pemCertificates(text));
    break;
  }
  const extra = opts.env.NODE_EXTRA_CA_CERTS?.trim();
  if (extra) certs.push(...pemCertificates((await readOptional(extra)) ?? ''));
  return certs;
}
