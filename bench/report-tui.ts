import type { BenchContext, TuiResult } from './context.js';
import { mib, ok, TARGETS } from './report-format.js';
import { max, median } from './stats.js';

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '—');
const keyName = (key: string): string => (key === '\x7f' ? 'Backspace' : `\`${key}\``);

/** The issue 5 tables: start → first frame, filter keystroke → frame, memory on the big list. */
export function renderTui(ctx: BenchContext, out: string[]): void {
  const tui = ctx.tui;
  if (!tui) return;
  out.push('### The TUI on a pseudo-terminal (`tui`)', '');
  renderStartupTable(tui, out);
  renderKeystrokeTable(tui, out);
  renderMemoryTable(tui, out);
  for (const n of ctx.notes.tui ?? []) out.push(n, '');
}

/** Start → first frame per screen, against node writing one character on the same pty. */
export function renderStartupTable(tui: TuiResult, out: string[]): void {
  const runs = tui.startup[0]?.frameMs.length ?? 0;
  out.push(
    `Spawn of util-linux \`script\` (a ${tui.columns} × ${tui.rows} pty) → the output first shows the screen's title (first frame) and its list (the title's count); ${runs} runs per screen in interleaved rounds after one warm-up round; then \`q\`.`,
    '',
    `| screen | first frame median ms | min ms | max ms | over the floor | first frame ≤ ${TARGETS.tuiFirstFrameMs} ms | main thread on CPU / waiting for one, ms | list shown median ms |`,
    '|---|---:|---:|---:|---:|---|---:|---:|',
  );
  const [floor] = tui.startup;
  const floorMs = median(floor?.frameMs ?? []);
  for (const r of tui.startup) {
    const first = median(r.frameMs);
    const isFloor = r === floor;
    const over = first - floorMs;
    const cells = [
      r.name,
      ms(first),
      ms(Math.min(...r.frameMs)),
      ms(max(r.frameMs)),
      isFloor ? '' : `${over >= 0 ? '+' : ''}${ms(over)} ms`,
      isFloor ? '' : ok(first <= TARGETS.tuiFirstFrameMs),
      `${ms(median(r.cpuMs))} / ${ms(median(r.waitMs))}`,
      isFloor ? '' : ms(median(r.listedMs)),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push(
    '',
    "On CPU / waiting: medians of the process's main thread up to the first frame (/proc/PID/schedstat, the shell before it exec'd included): on a loaded machine the wait for a CPU is part of the wall time, and the CPU time is what the code costs.",
    '',
  );
}

/** Each key of the typed filter: write → the frame showing the new filter and match count. */
export function renderKeystrokeTable(tui: TuiResult, out: string[]): void {
  const rounds = tui.keystrokes[0]?.ms.length ?? 0;
  out.push(
    `Filter keystrokes on the Tags screen of a ${tui.tags}-tag repository (every tag listed ${(tui.loadMs / 1000).toFixed(1)} s after the start), ${tui.columns} × ${tui.rows}: \`/\`, then ${rounds} rounds (after one warm-up round) of typing the filter and erasing it, one key at a time, each once the output has been still for 250 ms. Time from writing the key to the pty to the output showing the new filter text and match count.`,
    '',
    `| key | filter after | matching tags | median ms | max ms | median ≤ ${TARGETS.tuiKeystrokeMs} ms |`,
    '|---|---|---:|---:|---:|---|',
  );
  for (const k of tui.keystrokes) {
    const m = median(k.ms);
    const cells = [
      keyName(k.key),
      k.filter === '' ? '(empty)' : `\`${k.filter}\``,
      String(k.matches),
      ms(m),
      ms(max(k.ms)),
      ok(m <= TARGETS.tuiKeystrokeMs),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  const all = tui.keystrokes.flatMap((k) => k.ms);
  const m = median(all);
  out.push(
    `| **all ${all.length} keystrokes** | | | ${ms(m)} | ${ms(max(all))} | ${ok(m <= TARGETS.tuiKeystrokeMs)} |`,
    '',
  );
}

/** VmRSS and VmHWM of the berth process on the big Tags screen. */
export function renderMemoryTable(tui: TuiResult, out: string[]): void {
  const target = TARGETS.tuiRssMiB;
  const row = (what: string, kib: number) =>
    `| ${what} | ${mib(kib)} | ${Number.isFinite(kib) ? ok(kib / 1024 <= target) : ''} |`;
  out.push(
    `| berth on the ${tui.tags}-tag Tags screen (/proc/PID/status) | MiB | ≤ ${target} MiB |`,
    '|---|---:|---|',
    row('VmRSS, every tag listed', tui.memory.listedKiB),
    row('VmRSS, after the filter rounds', tui.memory.filteredKiB),
    row('VmHWM (peak resident) at the end', tui.memory.peakKiB),
    '',
  );
}
