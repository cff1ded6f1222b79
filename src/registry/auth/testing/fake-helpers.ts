import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test-only: fake `docker-credential-*` helpers as POSIX shell scripts in `dir/bin`, in the
 * spirit of regclient's `config/testdata/docker-credential-test`. Each run appends its argv
 * and environment (never stdin) to `dir/helper.log`, so tests can assert that no secret or
 * server URL ever travels in argv or env.
 */
export interface FakeHelpers {
  binDir: string;
  logFile: string;
  /** Where `store` writes the JSON it received on stdin. */
  storedFile: string;
  /** An environment whose PATH finds the fakes first. */
  env: NodeJS.ProcessEnv;
}

/** The secret the fakes hand out. */
export const HELPER_SECRET = 'S3CR3T-helper';

export function writeFakeHelpers(dir: string): FakeHelpers {
  const binDir = join(dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const logFile = join(dir, 'helper.log');
  const storedFile = join(dir, 'stored.json');
  const log = `printf 'argv: %s\\n' "$*" >> '${logFile}'\nenv >> '${logFile}'\n`;
  const scripts: Record<string, string> = {
    // Knows reg.example, Docker Hub's v1 URL, and `docker.io` (with a different user).
    ok: `input=$(cat)
case "$input" in
  reg.example) printf '{"ServerURL":"reg.example","Username":"alice","Secret":"${HELPER_SECRET}"}' ;;
  https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"hubuser","Secret":"${HELPER_SECRET}"}' "$input" ;;
  docker.io) printf '{"ServerURL":"docker.io","Username":"dockeriouser","Secret":"${HELPER_SECRET}"}' ;;
  *) printf 'credentials not found in native keychain\\n'; exit 1 ;;
esac`,
    // Knows Hub only under `docker.io`, as containers tools store it.
    hubdockerio: `input=$(cat)
if [ "$input" = docker.io ]; then printf '{"Username":"late","Secret":"${HELPER_SECRET}"}'; else printf 'credentials not found in native keychain\\n'; exit 1; fi`,
    token: `cat > /dev/null; printf '{"ServerURL":"x","Username":"<token>","Secret":"refresh-${HELPER_SECRET}"}'`,
    notfound: `cat > /dev/null; printf 'credentials not found in native keychain\\n'; exit 1`,
    fail: `cat > /dev/null; printf '\\033[2Jkeychain locked\\r\\n%s' "$(printf 'x%.0s' $(seq 1 500))"; exit 1`,
    failstderr: `cat > /dev/null; printf 'dbus unavailable' >&2; exit 3`,
    slow: `cat > /dev/null; sleep 60 & wait`,
    huge: `cat > /dev/null; head -c 2000000 /dev/zero | tr '\\0' 'a'`,
    badjson: `cat > /dev/null; printf '{"Username":"u","Secret":"${HELPER_SECRET}"'`,
    wrongtype: `cat > /dev/null; printf '{"Username":1,"Secret":"x"}'`,
    emptysecret: `cat > /dev/null; printf '{"Username":"u","Secret":""}'`,
    // store: save stdin; erase: succeed for reg.example only; echo the secret on failure to test redaction.
    store: `input=$(cat)
case "$1" in
  store) printf '%s' "$input" > '${storedFile}' ;;
  erase) if [ "$input" = reg.example ]; then exit 0; else printf 'credentials not found in native keychain'; exit 1; fi ;;
  *) exit 2 ;;
esac`,
    storefail: `input=$(cat); printf 'cannot store %s' "$input"; exit 1`,
  };
  for (const [name, body] of Object.entries(scripts)) {
    const p = join(binDir, `docker-credential-${name}`);
    writeFileSync(p, `#!/bin/sh\n${log}${body}\n`);
    chmodSync(p, 0o755);
  }
  const noexec = join(binDir, 'docker-credential-noexec');
  writeFileSync(noexec, '#!/bin/sh\nexit 0\n');
  chmodSync(noexec, 0o644);
  return { binDir, logFile, storedFile, env: { PATH: `${binDir}:/usr/bin:/bin` } };
}
