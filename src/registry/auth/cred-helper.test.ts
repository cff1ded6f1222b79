import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../test/harness/cleanup.js';
import {
  CredentialHelperError,
  HELPER_OUTPUT_LIMIT,
  helperErase,
  helperGet,
  helperStore,
  runCredentialHelper,
} from './cred-helper.js';
import { HELPER_SECRET, writeFakeHelpers } from './testing/fake-helpers.js';

const dir = makeTempDir('cred-helper');
const fakes = writeFakeHelpers(dir);
afterAll(() => removeTempDir(dir));
beforeEach(() => writeFileSync(fakes.logFile, ''));

const get = (name: string, serverUrl = 'reg.example', timeoutMs?: number) =>
  helperGet({ name, serverUrl, env: fakes.env, ...(timeoutMs ? { timeoutMs } : {}) });

async function failure(p: Promise<unknown>): Promise<CredentialHelperError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CredentialHelperError);
  return err as CredentialHelperError;
}

describe('helperGet', () => {
  it('returns the credential and passes the URL only on stdin', async () => {
    expect(await get('ok')).toEqual({ username: 'alice', password: HELPER_SECRET });
    const log = readFileSync(fakes.logFile, 'utf8');
    expect(log).toContain('argv: get\n');
    expect(log).not.toContain('reg.example');
    expect(log).not.toContain(HELPER_SECRET);
  });

  it('<token> user means identity token', async () => {
    expect(await get('token')).toEqual({ identityToken: `refresh-${HELPER_SECRET}` });
  });

  it.each([
    { name: 'not-found sentinel', helper: 'notfound' },
    { name: 'empty secret', helper: 'emptysecret' },
    { name: 'unknown server URL', helper: 'ok', url: 'other.example' },
  ])('$name → miss (undefined)', async ({ helper, url }) => {
    expect(await get(helper, url)).toBeUndefined();
  });

  it('G06: a helper that is not installed is an error naming it', async () => {
    const err = await failure(get('missing'));
    expect(err.reason).toBe('not-found');
    expect(err.message).toBe('credential helper docker-credential-missing not found');
  });

  it('a helper that is not executable is an error', async () => {
    const err = await failure(get('noexec'));
    expect(err.message).toContain('docker-credential-noexec');
  });

  it.each(['../bin/sh', '/bin/sh', 'a b', '', '-x'])(
    'refuses helper name %j (it must not be a path)',
    async (name) => {
      const err = await failure(get(name));
      expect(err.reason).toBe('invalid-name');
    },
  );

  it('G07: exit 1 with text → error with the sanitised, truncated message', async () => {
    const err = await failure(get('fail'));
    expect(err.reason).toBe('failed');
    expect(err.message).toMatch(/^credential helper docker-credential-fail get failed: keychain locked x+…$/);
    expect(err.message).not.toContain('\x1b');
    expect(err.message).not.toContain('\r');
    expect(err.message.length).toBeLessThan(300);
  });

  it('G07: the message may come from stderr', async () => {
    const err = await failure(get('failstderr'));
    expect(err.message).toBe('credential helper docker-credential-failstderr get failed: dbus unavailable');
  });

  it('G07: a sleeping helper is killed at the timeout with a clear error', async () => {
    const started = Date.now();
    const err = await failure(get('slow', 'reg.example', 300));
    expect(err.reason).toBe('timeout');
    expect(err.message).toBe('credential helper docker-credential-slow get timed out after 300 ms');
    // The grandchild `sleep 60` holds stdout open; the answer must not wait for it.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an abort signal stops a helper', async () => {
    const ac = new AbortController();
    const p = helperGet({ name: 'slow', serverUrl: 'x', env: fakes.env, signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });

  it('G07: huge output → limit error', async () => {
    const err = await failure(get('huge'));
    expect(err.reason).toBe('output-limit');
    expect(err.message).toContain(String(HELPER_OUTPUT_LIMIT));
  });

  it.each([
    { name: 'invalid JSON', helper: 'badjson', text: 'returned invalid JSON' },
    { name: 'wrong field types', helper: 'wrongtype', text: 'fields of the wrong type' },
  ])('G07: $name → error without quoting the output', async ({ helper, text }) => {
    const err = await failure(get(helper));
    expect(err.reason).toBe('invalid-output');
    expect(err.message).toContain(text);
    expect(err.message).not.toContain(HELPER_SECRET);
  });
});

describe('runCredentialHelper', () => {
  it('sends the environment it is given (and nothing added)', async () => {
    const r = await runCredentialHelper({
      name: 'notfound',
      action: 'get',
      input: 'x',
      env: { ...fakes.env, MARKER: 'm1' },
    });
    expect(r.code).toBe(1);
    const log = readFileSync(fakes.logFile, 'utf8');
    expect(log).toContain('MARKER=m1');
  });
});

describe('helperStore and helperErase', () => {
  it('store sends the credential JSON on stdin, never in argv or env', async () => {
    await helperStore({
      name: 'store',
      serverUrl: 'reg.example',
      env: fakes.env,
      credential: { username: 'bob', password: HELPER_SECRET },
    });
    expect(JSON.parse(readFileSync(fakes.storedFile, 'utf8'))).toEqual({
      ServerURL: 'reg.example',
      Username: 'bob',
      Secret: HELPER_SECRET,
    });
    const log = readFileSync(fakes.logFile, 'utf8');
    expect(log).toContain('argv: store\n');
    expect(log).not.toContain(HELPER_SECRET);
  });

  it('store of an identity token uses the <token> user', async () => {
    await helperStore({
      name: 'store',
      serverUrl: 'r',
      env: fakes.env,
      credential: { identityToken: 'idt' },
    });
    expect(JSON.parse(readFileSync(fakes.storedFile, 'utf8'))).toMatchObject({
      Username: '<token>',
      Secret: 'idt',
    });
  });

  it('a failing store never echoes the secret in its error', async () => {
    const err = await failure(
      helperStore({
        name: 'storefail',
        serverUrl: 'r',
        env: fakes.env,
        credential: { username: 'u', password: HELPER_SECRET },
      }),
    );
    expect(err.message).toContain('cannot store');
    expect(err.message).not.toContain(HELPER_SECRET);
  });

  it('erase: true when removed, false when the helper had nothing', async () => {
    expect(await helperErase({ name: 'store', serverUrl: 'reg.example', env: fakes.env })).toBe(true);
    expect(await helperErase({ name: 'store', serverUrl: 'other', env: fakes.env })).toBe(false);
  });
});
