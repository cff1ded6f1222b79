/**
 * The command line: global flags, one module per command, skopeo's argument style
 * (pflag booleans such as `--tls-verify=false`), and the mapping from failures to
 * one-line errors and exit codes. `runCli` runs in-process so tests can call it.
 */

import type { Argv } from 'yargs';
import yargs from 'yargs';
import type { BerthCommand, CommandIO } from './command.js';
import { isCommandName, loadAllCommands, loadCommand } from './commands.js';
import type { GlobalOptions, RegistryPolicy } from './context.js';
import { CliContext } from './context.js';
import { parseGoDuration } from './duration.js';
import { describeError, exitCodeFor, UsageError } from './errors.js';
import { lazyRegistries } from './registries.js';
import { VERSION } from './version.js';

export interface RunCliOptions {
  io?: Partial<CommandIO>;
  env?: NodeJS.ProcessEnv;
  /** Test seam: replaces registries.conf loading. */
  registries?: RegistryPolicy;
  /** Test seam: called with the context once it exists (e.g. to abort). */
  onContext?: (ctx: CliContext) => void;
}

export function globalOptions(y: Argv): Argv {
  return y
    .option('debug', { type: 'boolean', default: false, description: 'enable debug output' })
    .option('command-timeout', { type: 'string', description: 'timeout for the command execution' })
    .option('insecure-policy', {
      type: 'boolean',
      default: false,
      description: 'run the tool without any policy check',
    })
    .option('override-arch', {
      type: 'string',
      description: 'use ARCH instead of the architecture of the machine for choosing images',
    })
    .option('override-os', {
      type: 'string',
      description: 'use OS instead of the running OS for choosing images',
    })
    .option('override-variant', {
      type: 'string',
      description: 'use VARIANT instead of the running architecture variant for choosing images',
    })
    .option('policy', { type: 'string', description: 'Path to a trust policy file' })
    .option('registries.d', { type: 'string', description: 'use registry configuration files in DIR' })
    .option('registries-conf', {
      type: 'string',
      hidden: true,
      description: 'path to the registries.conf file',
    })
    .option('tmpdir', { type: 'string', description: 'directory used to store temporary files' })
    .option('user-agent-prefix', { type: 'string', description: 'prefix to add to the user agent string' });
}

function readGlobals(argv: Record<string, unknown>): GlobalOptions {
  const str = (k: string) => (typeof argv[k] === 'string' ? (argv[k] as string) : undefined);
  const timeout = str('command-timeout');
  const g: GlobalOptions = { debug: argv.debug === true, insecurePolicy: argv['insecure-policy'] === true };
  if (timeout) g.commandTimeoutMs = parseGoDuration(timeout);
  const set = (key: keyof GlobalOptions, flag: string) => {
    const v = str(flag);
    if (v !== undefined) (g as unknown as Record<string, unknown>)[key] = v;
  };
  set('overrideArch', 'override-arch');
  set('overrideOs', 'override-os');
  set('overrideVariant', 'override-variant');
  set('policy', 'policy');
  set('registriesD', 'registries.d');
  set('tmpdir', 'tmpdir');
  set('userAgentPrefix', 'user-agent-prefix');
  return g;
}

/** `inspect` from `inspect <IMAGE-NAME>`. */
export function commandName(cmd: BerthCommand): string {
  return cmd.command.split(' ', 1)[0] ?? '';
}

/**
 * The commands to give yargs: just the one `args` name when there is one (a run loads only
 * its own command's module), otherwise all of them (help lists their descriptions; a
 * misspelling is matched against their names).
 */
async function commandsFor(args: readonly string[]): Promise<BerthCommand[]> {
  const named = args.find(isCommandName);
  return named && named !== 'completion' ? [await loadCommand(named)] : loadAllCommands();
}

interface Parsed {
  argv: Record<string, unknown> & { _: Array<string | number> };
  /** Help or version text yargs produced instead of running a command. */
  output: string[];
}

/** Runs berth with `args` (without the program name) and resolves with the exit code. */
export async function runCli(args: string[], opts: RunCliOptions = {}): Promise<number> {
  const io: CommandIO = {
    stdout: opts.io?.stdout ?? process.stdout,
    stderr: opts.io?.stderr ?? process.stderr,
    // Only login reads stdin; opening process.stdin costs every other command a stream (and,
    // on a pipe, a handle) for nothing.
    get stdin() {
      return opts.io?.stdin ?? process.stdin;
    },
  };
  let ctx: CliContext | undefined;
  const parse = async (commands: readonly BerthCommand[]): Promise<Parsed> => {
    const y = globalOptions(yargs(args))
      .scriptName('berth')
      .usage(
        'Various operations with container images and container image registries\n\nUsage:\n  berth [command]',
      )
      .version('version', 'Version for berth', `berth version ${VERSION}`)
      .alias('version', 'v')
      .help('help')
      .alias('help', 'h')
      .strict()
      .recommendCommands()
      .wrap(Math.min(120, (io.stdout as { columns?: number }).columns ?? 100))
      .exitProcess(false)
      // pflag has no `--no-X` negation: `--no-tags` and `--no-creds` are flags of their own (with
      // negation on, yargs read them as `tags=false` and `creds=false`); booleans take `=false`.
      .parserConfiguration({
        'boolean-negation': false,
        'camel-case-expansion': false,
        'strip-dashed': false,
      })
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      });
    // Commands are declared without yargs handlers and run after parsing: yargs renders (and
    // throws away) the whole help text before every handler it runs, ~25 ms of start-up.
    for (const cmd of commands) y.command(cmd.command, cmd.describe, cmd.builder);
    const output: string[] = [];
    const argv = (await y.parseAsync(args, {}, (_err, _argv, text) => {
      if (text) output.push(text);
    })) as Parsed['argv'];
    return { argv, output };
  };
  try {
    let commands = await commandsFor(args);
    let parsed = commands.length === 1 ? await parse(commands).catch(() => undefined) : await parse(commands);
    if (!parsed || parsed.argv._[0] !== commandName(commands[0]!)) {
      // The first command-like word was not the command (a flag's value, say), or the line
      // is wrong: parse again knowing every command, for the right command, the full help
      // or yargs' error.
      commands = await loadAllCommands();
      parsed = await parse(commands);
    }
    const { argv, output } = parsed;
    if (output.length > 0) {
      io.stdout.write(`${output.join('\n')}\n`);
      return 0;
    }
    const cmd = commands.find((c) => commandName(c) === argv._[0]);
    if (!cmd) throw new UsageError("Missing command 'berth COMMAND'");
    ctx = new CliContext({
      globals: readGlobals(argv),
      env: opts.env ?? process.env,
      stderr: io.stderr,
      registries:
        opts.registries ??
        lazyRegistries({
          env: opts.env ?? process.env,
          ...(typeof argv['registries-conf'] === 'string' ? { path: argv['registries-conf'] } : {}),
          debug: (m) => ctx?.debug(m),
        }),
    });
    opts.onContext?.(ctx);
    return (await cmd.run(ctx, argv, io)) ?? 0;
  } catch (err) {
    io.stderr.write(`Error: ${describeError(err)}\n`);
    if (err instanceof UsageError) io.stderr.write("Try 'berth --help' for more information\n");
    return exitCodeFor(err);
  } finally {
    await ctx?.close();
  }
}
