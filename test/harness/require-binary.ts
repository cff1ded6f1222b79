import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package that provides each binary the harness needs. */
const INSTALL_HINTS: Record<string, string> = {
  'docker-registry': 'apt-get install docker-registry',
  openssl: 'apt-get install openssl',
  skopeo: 'apt-get install skopeo',
};

/** Returns the absolute path of `name` on `PATH`, or undefined. */
export function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Throws unless every binary is on `PATH`.
 *
 * Integration tests never skip: a missing tool is a broken machine, in CI and locally alike, and
 * the error says how to install it.
 */
export function requireBinaries(names: readonly string[]): void {
  const missing = names.filter((name) => findBinary(name) === undefined);
  if (missing.length === 0) return;
  const hints = missing.map((name) => `  ${name}: ${INSTALL_HINTS[name] ?? `install ${name}`}`).join('\n');
  throw new Error(
    `the integration harness needs ${missing.join(', ')} on PATH (tests never skip); install with:\n${hints}`,
  );
}
