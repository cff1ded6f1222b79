import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './command-names.js';
import { runCli } from './program.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await runCli(args, { io: { stdout, stderr, stdin: Readable.from([]) }, env: {} });
  return { code, stdout: out, stderr: err };
}

const commandNames = [...COMMAND_NAMES];

describe('berth completion', () => {
  it.each(['bash', 'zsh', 'fish'])(
    '%s: names every command, their flags and the global ones',
    async (shell) => {
      const { code, stdout } = await run(['completion', shell]);
      expect(code).toBe(0);
      for (const name of commandNames) expect(stdout).toMatch(new RegExp(`\\b${name}\\b`));
      const flag = shell === 'fish' ? (name: string) => `-l ${name}` : (name: string) => `--${name}`;
      for (const name of ['raw', 'no-tags', 'tls-verify', 'authfile', 'override-arch', 'json'])
        expect(stdout).toContain(flag(name));
      // Image arguments get skopeo's transports; `completion` gets the shells.
      expect(stdout).toContain('docker://');
      expect(stdout).toContain('docker-archive:');
      expect(stdout).toMatch(/bash zsh fish/);
      // A positional is not offered as a flag.
      expect(stdout).not.toContain(flag('shell'));
    },
  );

  it('writes a bash script that bash accepts and that completes commands, flags and transports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-completion-'));
    try {
      const script = join(dir, 'berth.bash');
      await writeFile(script, (await run(['completion', 'bash'])).stdout);
      await promisify(execFile)('bash', ['-n', script]);
      const probe = [
        `source ${JSON.stringify(script)}`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
        't() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _berth_completions; echo "${COMPREPLY[*]}"; }',
        't berth insp',
        't berth --override-arch arm64 inspect --no-t',
        't berth list-tags dock',
        't berth completion z',
        't berth --debug = false cat',
      ].join('\n');
      const { stdout } = await promisify(execFile)('bash', ['-c', probe]);
      expect(stdout.split('\n')).toEqual([
        'inspect',
        '--no-tags',
        'docker:// docker-archive:',
        'zsh',
        'catalog',
        '',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses another shell', async () => {
    const { code, stdout } = await run(['completion', 'tcsh']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
  });
});
