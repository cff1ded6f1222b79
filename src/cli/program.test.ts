import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './command-names.js';
import { loadAllCommands, loadCommand } from './commands.js';
import { commandName, runCli } from './program.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(args, { io: { stdout, stderr, stdin: Readable.from([]) }, env: {} });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

// Commands run after parsing (not as yargs handlers): these are the paths where nothing runs.
describe('runCli without a command to run', () => {
  it.each([
    { args: [], code: 1, stdout: '', stderr: /^Error: Missing command 'berth COMMAND'\nTry 'berth --help'/ },
    { args: ['--debug'], code: 1, stdout: '', stderr: /^Error: Missing command 'berth COMMAND'\n/ },
    { args: ['--version'], code: 0, stdout: /^berth version \d+\.\d+\.\d+\n$/, stderr: '' },
    {
      args: ['--help'],
      code: 0,
      stdout: /Usage:\n\s*berth \[command\][\s\S]*inspect <IMAGE-NAME>/,
      stderr: '',
    },
    { args: ['inspect', '--help'], code: 0, stdout: /berth inspect <IMAGE-NAME>[\s\S]*--raw/, stderr: '' },
    // `inspect` is --policy's value here: the help is the whole program's, every command listed.
    {
      args: ['--policy', 'inspect', '--help'],
      code: 0,
      stdout: /berth inspect[\s\S]*berth sync/,
      stderr: '',
    },
    { args: ['inspct'], code: 1, stdout: '', stderr: /^Error: Did you mean inspect\?\n/ },
    { args: ['inspect'], code: 1, stdout: '', stderr: /^Error: Not enough non-option arguments/ },
  ])('berth $args exits $code', async ({ args, code, stdout, stderr }) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    if (typeof stdout === 'string') expect(r.stdout).toBe(stdout);
    else expect(r.stdout).toMatch(stdout);
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
  });

  it('runs the command named on the line, and only it', async () => {
    const r = await run(['manifest-digest', '/nonexistent/manifest.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*\/nonexistent\/manifest\.json/);
  });
});

describe('COMMAND_NAMES and the command modules', () => {
  it('each name loads the module of the command with that name', async () => {
    for (const name of COMMAND_NAMES) expect(commandName(await loadCommand(name))).toBe(name);
    expect((await loadAllCommands()).map(commandName)).toEqual([...COMMAND_NAMES]);
  });
});

// A run loads only the command it names; when that guess is wrong, every command is loaded.
describe('runCli picks the command yargs runs', () => {
  it.each([
    {
      name: 'a flag value that looks like a command',
      args: ['--tmpdir', 'copy', 'manifest-digest', '/nonexistent/m.json'],
    },
    { name: 'two command words', args: ['manifest-digest', '/nonexistent/m.json', '--tmpdir', 'inspect'] },
  ])('$name', async ({ args }) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*\/nonexistent\/m\.json/);
  });
});
