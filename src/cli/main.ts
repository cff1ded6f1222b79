// Entry point of the berth executable: the skopeo-compatible commands. The TUI (berth
// without arguments on a terminal) is added by its own issue; until then berth without
// a command prints usage and exits 2, as it will off a terminal.
import { runCli } from './program.js';

const args = process.argv.slice(2);
const code = args.length === 0 ? await runCli(['--help']).then(() => 2) : await runCli(args);
process.exitCode = code;
