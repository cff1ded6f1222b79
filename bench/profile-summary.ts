import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function lives, coarsely: what a reader needs to know where the time goes. */
function area(url: string, name: string): string {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  if (url === '') return '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:internal\//, 'node:').replace(/\/[^/]*$/, '') || url;
  if (url.includes('berth.mjs')) return 'berth (dist/berth.mjs)';
  return url;
}

/**
 * Summarises a V8 `.cpuprofile` as two markdown tables: self time by area (idle, GC, node
 * internals by folder, each npm package, berth's bundle) and the top functions by self time.
 */
export async function summariseProfile(path: string, top = 12): Promise<string> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = (profile.endTime - profile.startTime) / 1000;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where = area(url, name);
    areas.set(where, (areas.get(where) ?? 0) + micros / 1000);
    const key =
      url === '' ? name : `${name} — ${url.replace(/^.*\/(node_modules\/)?/, '')}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + micros / 1000);
  }
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `| ${k} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)}% |`)
      .join('\n');
  return [
    `Profiled wall time ${total.toFixed(0)} ms (main thread only: \`hash.update\` shows up here, work on libuv's thread pool such as file reads does not).`,
    '',
    '| area | self ms | share |',
    '|---|---:|---:|',
    rows(areas, 10),
    '',
    '| function | self ms | share |',
    '|---|---:|---:|',
    rows(functions, top),
  ].join('\n');
}
