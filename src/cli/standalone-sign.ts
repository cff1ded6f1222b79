/**
 * `berth standalone-sign MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT -o SIGNATURE`: a simple
 * signing signature for a manifest file, made by the user's gpg, as skopeo makes it. The
 * reference is recorded exactly as given. A passphrase comes only from `--passphrase-file`,
 * which gpg reads itself.
 */
import { access, constants, readFile, writeFile } from 'node:fs/promises';
import { signManifest } from '../registry/signature/index.js';
import type { BerthCommand } from './command.js';
import { UsageError } from './errors.js';
import { VERSION } from './version.js';

const USAGE = 'Usage: berth standalone-sign manifest docker-reference key-fingerprint -o signature';

export const standaloneSignCommand: BerthCommand = {
  command: 'standalone-sign <MANIFEST> <DOCKER-REFERENCE> <KEY-FINGERPRINT>',
  describe: 'Create a signature using local files',
  builder: (y) =>
    y
      .option('output', { alias: 'o', type: 'string', description: 'output the signature to SIGNATURE' })
      .option('passphrase-file', {
        type: 'string',
        description: 'file that contains a passphrase for the --sign-by key',
      }),
  async run(ctx, argv) {
    const manifestPath = argv.MANIFEST;
    const reference = argv['DOCKER-REFERENCE'];
    const fingerprint = argv['KEY-FINGERPRINT'];
    const output = argv.output;
    if (
      typeof manifestPath !== 'string' ||
      typeof reference !== 'string' ||
      typeof fingerprint !== 'string'
    ) {
      throw new UsageError(USAGE);
    }
    if (typeof output !== 'string' || output === '') throw new UsageError(USAGE);
    let manifest: Buffer;
    try {
      manifest = await readFile(manifestPath);
    } catch (err) {
      throw new Error(`reading ${manifestPath}`, { cause: err });
    }
    const passphraseFile = typeof argv['passphrase-file'] === 'string' ? argv['passphrase-file'] : '';
    if (passphraseFile) {
      // skopeo reads the file before signing; gpg reads it again itself (never through argv).
      try {
        await access(passphraseFile, constants.R_OK);
      } catch (err) {
        throw new Error(`reading passphrase file ${passphraseFile}`, { cause: err });
      }
    }
    let signature: Uint8Array;
    try {
      signature = await signManifest({
        manifest,
        dockerReference: reference,
        keyIdentity: fingerprint,
        ...(passphraseFile ? { passphraseFile } : {}),
        creator: `berth ${VERSION}`,
        env: ctx.env,
        signal: ctx.signal,
      });
    } catch (err) {
      throw new Error('creating signature', { cause: err });
    }
    try {
      await writeFile(output, signature, { mode: 0o644 });
    } catch (err) {
      throw new Error(`writing signature to ${output}`, { cause: err });
    }
    return 0;
  },
};
