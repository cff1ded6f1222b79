/**
 * `berth manifest-digest FILE`: the digest of a manifest file, as skopeo computes it —
 * sha256 of the bytes, except for a signed schema 1 manifest, whose digest covers the
 * payload without its signatures. Like skopeo, any other file is simply hashed.
 */
import { readFile } from 'node:fs/promises';
import { digestOf } from '../registry/digest/index.js';
import { parseManifest } from '../registry/manifest/index.js';
import type { BerthCommand } from './command.js';
import { write } from './command.js';
import { UsageError } from './errors.js';

function looksSignedSchema1(bytes: Uint8Array): boolean {
  try {
    const doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    return doc?.schemaVersion === 1 && Array.isArray(doc.signatures);
  } catch {
    return false;
  }
}

export const manifestDigestCommand: BerthCommand = {
  command: 'manifest-digest <MANIFEST-FILE>',
  describe: 'Compute a manifest digest of a file',
  builder: (y) => y,
  async run(_ctx, argv, io) {
    const file = argv['MANIFEST-FILE'];
    if (typeof file !== 'string') throw new UsageError('Exactly one argument expected');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw new Error(`Error reading manifest from ${file}`, { cause: err });
    }
    const digest = looksSignedSchema1(bytes) ? parseManifest({ bytes }).digest : digestOf(bytes);
    await write(io.stdout, `${digest}\n`);
    return 0;
  },
};
