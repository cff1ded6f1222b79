// Entry point of the berth executable. Commands are added as the CLI issue lands;
// for now it reports its version and refuses anything else with skopeo's usage exit code.
import { VERSION } from './version.js';

const args = process.argv.slice(2);
if (args[0] === '-v' || args[0] === '--version') {
  process.stdout.write(`berth version ${VERSION}\n`);
} else {
  process.stderr.write('berth: no commands are available yet in this build\n');
  process.exitCode = 2;
}
