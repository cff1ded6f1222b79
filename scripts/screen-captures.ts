/**
 * The README's screen captures (issue 5): every TUI screen at 80×24, rendered by
 * ink-testing-library against real registries from the test harness and reached with the
 * keys a user presses. Regenerate with
 *
 *   node scripts/screen-captures.mjs            # rewrites the block in README.md
 *   node scripts/screen-captures.mjs --print    # prints the captures instead
 *
 * Node 20 cannot run TypeScript, so screen-captures.mjs bundles this file with esbuild first
 * (as bench/run.mjs does). The source registry needs a Basic login (so the status bar shows
 * who you are) and sits behind the harness's fault proxy, which slows blob downloads while
 * the in-progress copy is captured; a second, plain registry is the copy's destination.
 * Their random ports are shown as 127.0.0.1:5000 and 127.0.0.1:5001.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createBerthStore } from '../src/store/index.js';
import {
  type FaultProxy,
  type RegistryInstance,
  startFaultProxy,
  startRegistry,
} from '../test/harness/index.js';
import { KEYS, type RenderedApp, renderApp } from '../test/tui/render.js';
import { makeTuiSandbox, type TuiSandbox } from '../test/tui/sandbox.js';
import { pushScreenFixture, type ScreenFixture } from './screen-fixture.js';
import { type Capture, cleanFrame, renderBlock, replaceBlock } from './screen-text.js';

const COMMAND = 'node scripts/screen-captures.mjs';
const COLUMNS = 80;
const ROWS = 24;
const USER = 'tester';
const PASSWORD = 'screens-pass';
/** Slow enough that a copy of the 1.8 MiB image is caught half-way, fast enough to wait for. */
const SLOW_BYTES_PER_SECOND = 384 * 1024;

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A sandboxed home with logins and recent registries, as a user who has used berth would have. */
async function makeSandbox(source: string, destination: string): Promise<TuiSandbox> {
  const now = Date.now();
  const sb = await makeTuiSandbox({
    insecure: [source, destination],
    files: {
      '.docker/config.json': JSON.stringify({ auths: { 'quay.io': { auth: b64('robot+ci:secret') } } }),
      '.local/state/berth/recent.json': JSON.stringify({
        registries: [
          { registry: source, usedAt: now - 60_000 },
          { registry: destination, usedAt: now - 3_600_000 },
        ],
      }),
    },
  });
  await mkdir(dirname(sb.authFile), { recursive: true });
  await writeFile(
    sb.authFile,
    JSON.stringify({
      auths: { [source]: { auth: b64(`${USER}:${PASSWORD}`) }, 'ghcr.io': { auth: b64('octocat:ghp_x') } },
    }),
  );
  return sb;
}

interface Session {
  app: RenderedApp;
  proxy: FaultProxy;
  dst: RegistryInstance;
  fx: ScreenFixture;
  captures: Capture[];
  hosts: Map<string, string>;
}

function capture(s: Session, title: string, frame: string): void {
  s.captures.push({ title, frame: cleanFrame(frame, { hosts: s.hosts, columns: COLUMNS, rows: ROWS }) });
}

/** The cursor moved to the row starting with `tag` in the Tags screen. */
async function cursorToTag(app: RenderedApp, tag: string): Promise<void> {
  const escaped = tag.replaceAll('.', '\\.');
  const row = new RegExp(`^> ${escaped} `, 'm');
  const rows = app.lastFrame().split('\n');
  // A row is "> tag" under the cursor, "  tag" elsewhere ("*" in the second column: marked).
  const at = rows.findIndex((l) => new RegExp(`^[ >][ *]${escaped} `).test(l));
  const now = rows.findIndex((l) => l.startsWith('>'));
  if (at < 0 || now < 0) throw new Error(`no row for ${tag} in:\n${app.lastFrame()}`);
  const key = at > now ? 'j' : 'k';
  for (let i = 0; i < Math.abs(at - now); i++) await app.press(key);
  await app.waitFor(row);
}

/** Walks the screens with keys, capturing each on the way. */
async function walk(s: Session): Promise<void> {
  const { app, proxy, dst, fx } = s;
  capture(s, 'Registries', await app.waitFor((f) => f.includes('ghcr.io') && !f.includes('reading')));

  // "3+": the catalog's pager learns that no page follows only when asked for the next one,
  // which the screen does when the cursor nears the end.
  const repos = (f: string) => /^Repositories 3\+?$/m.test(f) && f.includes(`${USER} (auth.json)`);
  capture(s, 'Repositories', await app.pressUntil(KEYS.enter, repos));

  await app.pressUntil(KEYS.enter, /Tags \d+ by/);
  await cursorToTag(app, fx.tag);
  // Every row filled in: the index's platforms and the older image's size and date.
  const enriched = (f: string) => /linux\/amd64 \+1/.test(f) && /1\.3\.0\s+linux\/amd64\s+\S/.test(f);
  capture(s, 'Tags', await app.waitFor(enriched));

  await cursorToTag(app, fx.indexTag);
  // The status line says "listing referrers…" until the tag-schema fallback has answered.
  const settled = (f: string) => !f.includes('referrers…');
  const platforms = (f: string) =>
    /linux\/arm64\/v8\s+sha256:[0-9a-f]{12}\s+[\d.]+ MiB/.test(f) && settled(f);
  capture(s, 'Image of an index', await app.pressUntil(KEYS.enter, platforms));
  await app.pressUntil(KEYS.escape, /Tags \d+ by/);
  await cursorToTag(app, fx.tag);
  const overview = (f: string) => f.includes('Entrypoint') && settled(f);
  capture(s, 'Image', await app.pressUntil(KEYS.enter, overview));
  capture(s, 'Image: layers', await app.pressUntil('3', '[3 Layers]'));
  capture(s, 'Layer files', await app.pressUntil(KEYS.enter, 'verified'));

  await app.pressUntil(KEYS.escape, '[3 Layers]');
  await app.pressUntil('c', (f) => f.includes('(•) keep') && !f.includes('reading the source'));
  await app.press('\x15'); // Ctrl-U clears the prefilled source name.
  capture(s, 'Copy', await app.type(`docker://${dst.host}/mirror/api:${fx.tag}`));

  proxy.add({
    method: 'GET',
    path: /\/blobs\/sha256:/,
    fault: { kind: 'slow', bytesPerSecond: SLOW_BYTES_PER_SECOND },
    times: Infinity,
  });
  // Caught with the binary's layer about half-way (the small layers are done by then).
  const halfWay = (f: string) =>
    /ETA \d/.test(f) && /^blob {3}[0-9a-f]{12} {2}█{8,}░+ [\d.]+KiB \/ 1\.5MiB {2}[\d.]+ KiB\/s/m.test(f);
  capture(s, 'Copy in progress', await app.pressUntil(KEYS.enter, halfWay));
  await app.waitFor('result: sha256:', 60_000);
  proxy.reset();

  await app.pressUntil(KEYS.escape, '[3 Layers]');
  await app.pressUntil(KEYS.escape, /Tags \d+ by/);
  await cursorToTag(app, '1.4');
  capture(s, 'Delete', await app.pressUntil('d', 'also tagged:'));
  await app.pressUntil('n', (f) => !f.includes('also tagged:'));

  await cursorToTag(app, fx.olderTag);
  // y counts only once the other tags on the digest have been looked up.
  await app.pressUntil('d', 'no other tag points at it');
  await app.pressUntil('y', (f) => !f.includes('delete the digest'));
  // The delete reloads the tags; the capture waits for the status line to settle.
  const jobs = (f: string) =>
    f.includes('Jobs 2 · 0 running') && f.includes('result:') && !f.includes('loading');
  capture(s, 'Jobs', await app.pressUntil('J', jobs));

  await app.pressUntil(KEYS.escape, /Tags \d+ by/);
  capture(s, 'Help', await app.press('?'));
}

/** Runs the captures; resolves with the process exit code. */
export async function main(argv: string[], root: string): Promise<number> {
  const print = argv.includes('--print');
  // A run that fails before stop() still ends its registries: the harness kills them at exit.
  const [src, dst] = await Promise.all([
    startRegistry({ mode: 'basic', users: { [USER]: PASSWORD } }),
    startRegistry({ mode: 'plain' }),
  ]);
  const proxy = await startFaultProxy({ target: src.url });
  let sb: TuiSandbox | undefined;
  let app: RenderedApp | undefined;
  try {
    const fx = await pushScreenFixture(src);
    sb = await makeSandbox(proxy.host, dst.host);
    app = await renderApp(createBerthStore(sb.deps), { columns: COLUMNS, rows: ROWS });
    const hosts = new Map([
      [proxy.host, '127.0.0.1:5000'],
      [dst.host, '127.0.0.1:5001'],
    ]);
    const session: Session = { app, proxy, dst, fx, captures: [], hosts };
    await walk(session);
    const block = renderBlock(session.captures, COMMAND);
    if (print) {
      process.stdout.write(`${block}\n`);
      return 0;
    }
    const readmePath = join(root, 'README.md');
    // Read and write back-to-back: others edit other parts of the README at the same time.
    writeFileSync(readmePath, replaceBlock(readFileSync(readmePath, 'utf8'), block));
    process.stderr.write(`wrote ${session.captures.length} captures into README.md\n`);
    return 0;
  } finally {
    app?.unmount();
    await sb?.remove();
    await proxy.stop();
    await Promise.all([src.stop(), dst.stop()]);
  }
}
