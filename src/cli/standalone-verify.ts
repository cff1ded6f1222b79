/**
 * `berth standalone-verify MANIFEST DOCKER-REFERENCE KEY-FINGERPRINTS SIGNATURE`: checks a
 * simple signing signature against a manifest file, printing skopeo 1.9.3's line. Keys come
 * from `--public-key-file`, or else from the user's public GnuPG keyring (exported with
 * `gpg --export`; verification itself is openpgp.js). KEY-FINGERPRINTS is one fingerprint,
 * a comma-separated list, or `any` (with `--public-key-file`), as newer skopeo accepts.
 */
import { readFile } from 'node:fs/promises';
import { gpgExportPublicKeys, verifySignature } from '../registry/signature/index.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { UsageError } from './errors.js';

const USAGE = 'Usage: berth standalone-verify manifest docker-reference key-fingerprint signature';

async function read(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new Error(`reading ${what} from ${path}`, { cause: err });
  }
}

export const standaloneVerifyCommand: BerthCommand = {
  command: 'standalone-verify <MANIFEST> <DOCKER-REFERENCE> <KEY-FINGERPRINTS> <SIGNATURE>',
  describe: 'Verify a signature using local files',
  builder: (y) =>
    y.option('public-key-file', {
      type: 'string',
      description: 'File containing public keys. If not specified, will use local GPG keys.',
    }),
  async run(ctx, argv, io) {
    const [manifestPath, reference, fingerprints, signaturePath] = [
      argv.MANIFEST,
      argv['DOCKER-REFERENCE'],
      argv['KEY-FINGERPRINTS'],
      argv.SIGNATURE,
    ];
    if (![manifestPath, reference, fingerprints, signaturePath].every((a) => typeof a === 'string')) {
      throw new UsageError(USAGE);
    }
    const keyFile = typeof argv['public-key-file'] === 'string' ? argv['public-key-file'] : '';
    const expected = (fingerprints as string).split(',');
    const any = expected.length === 1 && expected[0] === 'any';
    if (any && !keyFile) throw new Error('Cannot use any fingerprint without a public key file');
    const manifest = await read(manifestPath as string, 'manifest');
    const signature = await read(signaturePath as string, 'signature');
    let publicKeys: Uint8Array;
    if (keyFile) {
      publicKeys = await read(keyFile, 'public keys');
    } else {
      try {
        publicKeys = await gpgExportPublicKeys({ env: ctx.env, signal: ctx.signal });
      } catch (err) {
        throw new Error('reading the GnuPG keyring', { cause: err });
      }
    }
    let digest: string;
    try {
      const verified = await verifySignature({
        signature,
        publicKeys: [publicKeys],
        ...(any ? {} : { expectedFingerprints: expected }),
        expectedReference: reference as string,
        manifest,
        signal: ctx.signal,
      });
      digest = verified.dockerManifestDigest;
      ctx.debug(`signature made by key ${verified.keyFingerprint}`);
    } catch (err) {
      throw new Error('verifying signature', { cause: err });
    }
    // skopeo 1.9.3's wording; later versions also print the fingerprint.
    await write(io.stdout, `Signature verified, digest ${digest}\n`);
    return 0;
  },
};
