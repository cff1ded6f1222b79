/**
 * The user's GnuPG, run as a subprocess: signing needs the user's private key (and maybe
 * their agent and pinentry), and "the keyring" for verification means theirs. Secrets never
 * appear in argv: a passphrase is read by gpg from the file the user named.
 */
import { access, constants } from 'node:fs/promises';

/** Where gpg runs: `GNUPGHOME` and friends come from `env`. */
export interface GpgOptions {
  env?: NodeJS.ProcessEnv;
  /** The gpg binary; default `gpg`. */
  gpg?: string;
  signal?: AbortSignal;
}

/** gpg failed; the message carries its last complaint. */
export class GpgError extends Error {
  override readonly name = 'GpgError';
}

// Keyrings are small; a runaway process is cut off rather than buffered without bound.
const MAX_OUTPUT = 64 * 1024 * 1024;

async function run(args: string[], input: Uint8Array | undefined, opts: GpgOptions): Promise<Uint8Array> {
  // Loaded here: policy checks import this module on every copy, and few of them run gpg.
  const { spawn } = await import('node:child_process');
  opts.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(opts.gpg ?? 'gpg', args, {
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT) child.kill();
      else out.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (err.length < 64 * 1024) err += chunk;
    });
    child.on('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      reject(code === 'ENOENT' ? new GpgError(`gpg not found (${opts.gpg ?? 'gpg'})`, { cause: e }) : e);
    });
    child.on('close', (code) => {
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      if (outBytes > MAX_OUTPUT) return reject(new GpgError(`gpg wrote more than ${MAX_OUTPUT} bytes`));
      if (code !== 0) {
        const lines = err
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        return reject(new GpgError(lines[lines.length - 1] ?? `gpg exited with status ${code}`));
      }
      resolve(Buffer.concat(out));
    });
    // gpg may exit before reading everything (an unknown key); that is reported by its status.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

/**
 * Signs `payload` into a binary OpenPGP signed message (what containers/image's gpgme
 * mechanism produces) with the secret key `keyIdentity`.
 *
 * @param passphraseFile gpg reads the passphrase's first line from it (loopback pinentry).
 * @throws {GpgError} naming gpg's complaint, e.g. `gpg: signing failed: No secret key`.
 */
export async function gpgSign(
  opts: GpgOptions & {
    payload: Uint8Array;
    keyIdentity: string;
    passphraseFile?: string;
  },
): Promise<Uint8Array> {
  const args = ['--batch', '--no-tty', '--no-armor', '--sign', '--local-user', opts.keyIdentity];
  if (opts.passphraseFile) {
    // Fail with a clear message before gpg does with a vague one.
    await access(opts.passphraseFile, constants.R_OK);
    args.unshift('--pinentry-mode', 'loopback', '--passphrase-file', opts.passphraseFile);
  }
  return run(args, opts.payload, opts);
}

/** The user's public keyring, binary (`gpg --export`); empty when it holds no keys. */
export async function gpgExportPublicKeys(opts: GpgOptions = {}): Promise<Uint8Array> {
  return run(['--batch', '--no-tty', '--export'], undefined, opts);
}
