/**
 * Reads one containers-certs.d(5) directory: `*.crt` files are extra CAs, `*.cert` and
 * `*.key` files are client certificate pairs matched by base name. A pair with a missing
 * half is an error naming both files, as in containers/image, because silently sending
 * no client certificate produces a baffling handshake failure later.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pemCertificates } from './system-ca.js';

/** A client certificate and its key, PEM encoded. */
export interface ClientPair {
  cert: string;
  key: string;
}

export interface CertsDirContents {
  dir: string;
  /** Extra CA certificates (PEM blocks). */
  ca: string[];
  clients: ClientPair[];
}

function hasCode(err: unknown, ...codes: string[]): boolean {
  return err instanceof Error && codes.includes((err as { code?: string }).code ?? '');
}

/**
 * Reads `dir`. Returns undefined when it is missing, not a directory, or unreadable
 * (containers/image skips those too); throws on an orphaned `.cert`/`.key` or a `.crt`
 * without certificates.
 */
export async function readCertsDir(dir: string): Promise<CertsDirContents | undefined> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if (hasCode(err, 'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM')) return undefined;
    throw err;
  }
  names.sort();
  const present = new Set(names);
  const contents: CertsDirContents = { dir, ca: [], clients: [] };
  for (const name of names) {
    const path = join(dir, name);
    if (name.endsWith('.crt')) {
      const certs = pemCertificates(await readFile(path, 'utf8'));
      if (certs.length === 0) throw new Error(`certs.d: ${path} holds no PEM certificate`);
      contents.ca.push(...certs);
    } else if (name.endsWith('.cert')) {
      const keyName = `${name.slice(0, -'.cert'.length)}.key`;
      if (!present.has(keyName)) {
        throw new Error(
          `certs.d: client certificate ${path} has no key ${join(dir, keyName)} ` +
            '(CA certificates must use the .crt extension)',
        );
      }
      const [cert, key] = await Promise.all([readFile(path, 'utf8'), readFile(join(dir, keyName), 'utf8')]);
      contents.clients.push({ cert, key });
    } else if (name.endsWith('.key')) {
      const certName = `${name.slice(0, -'.key'.length)}.cert`;
      if (!present.has(certName)) {
        throw new Error(`certs.d: key ${path} has no client certificate ${join(dir, certName)}`);
      }
    }
  }
  return contents;
}
