import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseImageName } from '../registry/ref/index.js';
import { CliContext, type GlobalOptions } from './context.js';
import { describeError } from './errors.js';
import { checkPolicy, commandPolicy } from './policy-check.js';

const root = mkdtempSync(join(tmpdir(), 'berth-policy-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(root, name);
  writeFileSync(p, text);
  return p;
};
const REJECT = file('reject.json', '{"default":[{"type":"reject"}]}');
const ACCEPT = file('accept.json', '{"default":[{"type":"insecureAcceptAnything"}]}');
const BROKEN = file('broken.json', '{"default":[{"type":"maybe"}]}');
const HOME = join(root, 'home');

const contexts: CliContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

function context(globals: Partial<GlobalOptions>) {
  const stderr = new PassThrough();
  let debug = '';
  stderr.on('data', (c: Buffer) => {
    debug += c.toString();
  });
  const ctx = new CliContext({
    globals: { debug: true, insecurePolicy: false, ...globals },
    env: { HOME },
    stderr,
  });
  contexts.push(ctx);
  return { ctx, debug: () => debug };
}

const check = (ctx: CliContext) =>
  checkPolicy({
    ctx,
    image: parseImageName('docker://busybox'),
    manifest: Buffer.from('{}'),
    signatures: [],
  });

describe('checkPolicy', () => {
  it('rejects with skopeo\'s "Source image rejected" message', async () => {
    const { ctx } = context({ policy: REJECT });
    const err = await check(ctx).catch((e: unknown) => e);
    expect(describeError(err)).toBe(
      'Source image rejected: Running image docker://busybox:latest is rejected by policy.',
    );
  });

  it('accepts under an accepting policy and says which section applied', async () => {
    const { ctx, debug } = context({ policy: ACCEPT });
    expect(await check(ctx)).toEqual({ section: 'default', acceptedKeys: [] });
    expect(debug()).toContain(`DEBU policy: using ${ACCEPT}\n`);
  });

  it('skips the policy with --insecure-policy', async () => {
    const { ctx, debug } = context({ policy: REJECT, insecurePolicy: true });
    expect(await check(ctx)).toBeUndefined();
    expect(debug()).toContain('--insecure-policy');
  });

  it('accepts when no policy.json exists, saying so under --debug', async () => {
    const { ctx, debug } = context({});
    expect(await commandPolicy(ctx, { systemPath: join(root, 'absent.json') })).toBeUndefined();
    expect(await check(ctx)).toBeUndefined();
    expect(debug()).toContain('DEBU policy: no policy.json');
    expect(debug()).toContain('accepting every image');
  });

  it('fails on a malformed policy', async () => {
    const { ctx } = context({ policy: BROKEN });
    const err = await check(ctx).catch((e: unknown) => e);
    expect(describeError(err)).toBe(
      `loading trust policy: invalid policy in "${BROKEN}": Unknown policy requirement type "maybe"`,
    );
  });

  it('reads the policy once per command', async () => {
    const changing = file('changing.json', '{"default":[{"type":"insecureAcceptAnything"}]}');
    const { ctx } = context({ policy: changing });
    await check(ctx);
    writeFileSync(changing, '{"default":[{"type":"reject"}]}');
    await expect(check(ctx)).resolves.toBeDefined();
  });
});
