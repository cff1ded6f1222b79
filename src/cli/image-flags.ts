/**
 * skopeo's per-image flags. Plain on inspect/list-tags/delete, `--src-`/`--dest-` on copy
 * and sync: `--authfile --creds --username --password --registry-token --no-creds
 * --cert-dir --tls-verify`, plus the command-wide `--retry-times --retry-delay`.
 */
import type { Argv } from 'yargs';
import type { Credential } from '../registry/auth/index.js';
import { UsageError } from './errors.js';

export type FlagPrefix = '' | 'src-' | 'dest-';

/** What the flags of one side say about reaching its registry. */
export interface ImageAccess {
  /** `--authfile`: the only auth file read (default `$REGISTRY_AUTH_FILE`). */
  authFile?: string;
  /** A credential given on the command line; wins over every file. */
  credential?: Credential;
  /** `--no-creds`: anonymous, whatever the files say. */
  noCreds: boolean;
  /** `--cert-dir`: replaces the certs.d search for this side's registry. */
  certDir?: string;
  /** `--tls-verify`: undefined means "as registries.conf says" (default verify). */
  tlsVerify?: boolean;
}

export function addImageFlags<T>(y: Argv<T>, prefix: FlagPrefix, side = ''): Argv<T> {
  const what = side ? `${side} ` : '';
  return y
    .option(`${prefix}authfile`, { type: 'string', description: `path of the ${what}authentication file` })
    .option(`${prefix}creds`, {
      type: 'string',
      description: `use USERNAME[:PASSWORD] for accessing the ${what}registry`,
    })
    .option(`${prefix}username`, {
      type: 'string',
      description: `the username for accessing the ${what}registry`,
    })
    .option(`${prefix}password`, {
      type: 'string',
      description: `the password for accessing the ${what}registry`,
    })
    .option(`${prefix}registry-token`, {
      type: 'string',
      description: `provide a bearer token for accessing the ${what}registry`,
    })
    .option(`${prefix}no-creds`, {
      type: 'boolean',
      default: false,
      description: `access the ${what}registry anonymously`,
    })
    .option(`${prefix}cert-dir`, {
      type: 'string',
      description: `use certificates at PATH (*.crt, *.cert, *.key) to connect to the ${what}registry`,
    })
    .option(`${prefix}tls-verify`, {
      type: 'boolean',
      description: `require HTTPS and verify certificates when talking to the ${what}registry`,
    }) as Argv<T>;
}

export function addRetryFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('retry-times', {
      type: 'number',
      default: 0,
      description: 'the number of times to possibly retry',
    })
    .option('retry-delay', {
      type: 'string',
      description: 'fixed delay between retries (default exponential)',
    }) as Argv<T>;
}

/** Reads one side's flags into an `ImageAccess`, refusing contradictory combinations as skopeo does. */
export function imageAccess(argv: Record<string, unknown>, prefix: FlagPrefix): ImageAccess {
  const get = (name: string): string | undefined => {
    const v = argv[`${prefix}${name}`];
    return typeof v === 'string' ? v : undefined;
  };
  const creds = get('creds');
  const username = get('username');
  const password = get('password');
  const token = get('registry-token');
  const noCreds = argv[`${prefix}no-creds`] === true;
  const given = [
    creds !== undefined,
    username !== undefined || password !== undefined,
    token !== undefined,
    noCreds,
  ];
  if (given.filter(Boolean).length > 1) {
    throw new UsageError(
      `--${prefix}creds, --${prefix}username/--${prefix}password, --${prefix}registry-token and --${prefix}no-creds cannot be used together`,
    );
  }
  let credential: Credential | undefined;
  if (creds !== undefined) {
    if (creds === '') throw new UsageError("credentials can't be empty");
    const colon = creds.indexOf(':');
    const user = colon < 0 ? creds : creds.slice(0, colon);
    if (user === '') throw new UsageError("username can't be empty");
    credential = { username: user, password: colon < 0 ? '' : creds.slice(colon + 1) };
  } else if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined) {
      throw new UsageError(`--${prefix}username and --${prefix}password must be used together`);
    }
    credential = { username, password };
  } else if (token !== undefined) {
    credential = { registryToken: token };
  }
  const tls = argv[`${prefix}tls-verify`];
  const access: ImageAccess = { noCreds };
  const authFile = get('authfile');
  if (authFile) access.authFile = authFile;
  if (credential) access.credential = credential;
  const certDir = get('cert-dir');
  if (certDir) access.certDir = certDir;
  if (typeof tls === 'boolean') access.tlsVerify = tls;
  return access;
}
