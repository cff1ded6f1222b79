/**
 * A registry for the read-only compatibility suites, reached the way a user would: with
 * `--creds`, with an auth.json given by `--authfile`, or anonymously.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RegistryInstance, type RegistryMode, startRegistry } from '../harness/index.js';
import { type Sandbox, tlsFlags } from './auth-sandbox.js';

export type Access = 'creds' | 'authfile' | 'anonymous';

/** Starts a `mode` registry with `user`'s account (unless anonymous); `flags` reach it with `access`. */
export async function startAccessRegistry(opts: {
  sandbox: Sandbox;
  mode: RegistryMode;
  access: Access;
  user: string;
  password: string;
}): Promise<{ reg: RegistryInstance; flags: string[] }> {
  const { sandbox, mode, access, user, password } = opts;
  const reg = await startRegistry({
    mode,
    ...(access === 'anonymous' ? {} : { users: { [user]: password } }),
  });
  let credentials: string[] = [];
  if (access === 'creds') credentials = ['--creds', `${user}:${password}`];
  if (access === 'authfile') {
    const authFile = join(sandbox.dir, `auth-${mode}.json`);
    const auth = Buffer.from(`${user}:${password}`).toString('base64');
    await writeFile(authFile, JSON.stringify({ auths: { [reg.host]: { auth } } }), { mode: 0o600 });
    credentials = ['--authfile', authFile];
  }
  return { reg, flags: [...tlsFlags(reg), ...credentials] };
}
