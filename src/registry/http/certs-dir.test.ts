import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertsDir } from './certs-dir.js';
import { makePki, type TestPki } from './test-helpers.js';

describe('readCertsDir', () => {
  let pki: TestPki;
  let root: string;

  beforeAll(async () => {
    pki = await makePki();
    root = await mkdtemp(join(tmpdir(), 'berth-certs-d-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await pki.cleanup();
  });

  /** Creates a directory holding `files` (name → content) and returns its path. */
  async function dirWith(name: string, files: Record<string, string>): Promise<string> {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
    return dir;
  }

  it('reads CAs and client pairs', async () => {
    const dir = await dirWith('full', {
      'ca.crt': pki.caPem,
      'client.cert': pki.clientCert,
      'client.key': pki.clientKey,
      'README.txt': 'ignored',
    });
    const contents = await readCertsDir(dir);
    expect(contents?.dir).toBe(dir);
    expect(contents?.ca).toEqual([pki.caPem.trim()]);
    expect(contents?.clients).toEqual([{ cert: pki.clientCert, key: pki.clientKey }]);
  });

  it.each([
    {
      name: 'a .cert without its .key',
      files: { 'client.cert': 'x' },
      message: /client certificate .*missing-key\/client\.cert has no key .*missing-key\/client\.key/,
      dir: 'missing-key',
    },
    {
      name: 'a .key without its .cert',
      files: { 'client.key': 'x' },
      message: /key .*missing-cert\/client\.key has no client certificate .*missing-cert\/client\.cert/,
      dir: 'missing-cert',
    },
    {
      name: 'pairs are matched by base name',
      files: { 'a.cert': 'x', 'b.key': 'y' },
      message: /a\.cert has no key .*a\.key/,
      dir: 'mismatched',
    },
    {
      name: 'a .crt without certificates',
      files: { 'ca.crt': 'not pem' },
      message: /holds no PEM certificate/,
      dir: 'bad-crt',
    },
  ] as { name: string; files: Record<string, string>; message: RegExp; dir: string }[])(
    'rejects $name',
    async ({ files, message, dir }) => {
      await expect(readCertsDir(await dirWith(dir, files))).rejects.toThrow(message);
    },
  );

  it.each([
    { name: 'missing directory', path: () => join(root, 'does-not-exist') },
    { name: 'a file where the directory should be', path: () => join(root, 'full', 'ca.crt') },
  ])('skips a $name', async ({ path }) => {
    await expect(readCertsDir(path())).resolves.toBeUndefined();
  });
});
