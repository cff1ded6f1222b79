import type { BenchContext, Tool } from './context.js';
import { COPY_CASES } from './copy-cases.js';
import { renderStartup, renderSync } from './report-cli.js';
import { mark, mib, sec, summarise, TARGETS, times } from './report-format.js';
import { renderTui } from './report-tui.js';
import { ratio } from './stats.js';

/** The results as markdown: one table per case, targets marked, notes under each. */
export function renderReport(ctx: BenchContext, header: string[]): string {
  const out = [...header, ''];
  const notes = (name: string) => {
    for (const n of ctx.notes[name] ?? []) out.push(n, '');
  };
  for (const c of COPY_CASES) {
    if (!ctx.records.some((r) => r.case === c.name)) continue;
    out.push(`### ${c.title} (\`${c.name}\`)`, '');
    out.push(
      '| image | berth s | skopeo s | floor s | berth/skopeo (≤ 0.9) | berth/floor (≤ 1.15) | CPU s berth / skopeo / floor | berth RSS MiB (≤ 120) | skopeo RSS MiB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const image of ctx.opts.images) {
      const s = (tool: Tool) => summarise(ctx.records, c.name, image, tool);
      const [berth, skopeo, floor] = [s('berth'), s('skopeo'), s('floor')];
      const vsSkopeo = ratio(berth.wallMs, skopeo.wallMs);
      const vsFloor = ratio(berth.wallMs, floor.wallMs);
      const cells = [
        image,
        sec(berth.wallMs),
        sec(skopeo.wallMs),
        sec(floor.wallMs),
        `${times(vsSkopeo)}${mark(vsSkopeo, (v) => v <= TARGETS.vsSkopeo)}`,
        `${times(vsFloor)}${mark(vsFloor, (v) => v <= TARGETS.vsFloor)}`,
        `${sec(berth.cpuMs)} / ${sec(skopeo.cpuMs)} / ${sec(floor.cpuMs)}`,
        `${mib(berth.maxRssKiB)}${mark(berth.maxRssKiB / 1024, (v) => v <= TARGETS.rssMiB)}`,
        mib(skopeo.maxRssKiB),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
    if (ctx.opts.images.includes('A') && ctx.opts.images.includes('B')) {
      const growth = (tool: Tool) =>
        (summarise(ctx.records, c.name, 'B', tool).maxRssKiB -
          summarise(ctx.records, c.name, 'A', tool).maxRssKiB) /
        1024;
      const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(0)} MiB` : '—');
      out.push(
        `Peak RSS with one big layer (B) minus with many small ones (A): berth ${signed(growth('berth'))}, skopeo ${signed(growth('skopeo'))}.`,
        '',
      );
    }
    notes(c.name);
  }
  if (ctx.notes['mount-check']) {
    out.push('### A same-registry copy moves no layer bytes (`mount-check`)', '');
    notes('mount-check');
  }
  renderSync(ctx, out);
  renderStartup(ctx, out);
  renderTui(ctx, out);
  for (const c of COPY_CASES) {
    if (!ctx.notes[`profile:${c.name}`]) continue;
    out.push(`### Profile of berth: ${c.title}`, '');
    notes(`profile:${c.name}`);
  }
  renderAllRuns(ctx, out);
  return `${out.join('\n')}\n`;
}

function renderAllRuns(ctx: BenchContext, out: string[]): void {
  // Only the copy and sync cases record runs (`--cases startup,tui` has none to list).
  if (ctx.records.length === 0) return;
  out.push(
    '### All runs',
    '',
    '| case | subject | tool | wall ms, in round order | CPU ms | peak RSS MiB (max) |',
    '|---|---|---|---|---|---:|',
  );
  const keys = new Set(ctx.records.map((r) => `${r.case}\u0000${r.subject}\u0000${r.tool}`));
  for (const key of keys) {
    const [c, subject, tool] = key.split('\u0000') as [string, string, Tool];
    const s = summarise(ctx.records, c, subject, tool);
    const wall = s.runs.map((r) => r.wallMs.toFixed(0)).join(', ');
    const cpu = s.runs.map((r) => r.cpuMs.toFixed(0)).join(', ');
    out.push(`| ${c} | ${subject} | ${tool} | ${wall} | ${cpu} | ${mib(s.maxRssKiB)} |`);
  }
  out.push('');
}
