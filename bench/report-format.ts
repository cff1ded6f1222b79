import type { RunRecord, Tool } from './context.js';
import { max, median } from './stats.js';

/** Issue 3, 4 and 5 targets. */
export const TARGETS = {
  vsSkopeo: 0.9,
  vsFloor: 1.15,
  rssMiB: 120,
  syncSpeedup: 3,
  startupOverNodeMs: 30,
  tuiFirstFrameMs: 250,
  tuiKeystrokeMs: 30,
  tuiRssMiB: 200,
} as const;

export const ok = (met: boolean): string => (met ? '✅' : '❌');
export const sec = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '—');
export const mib = (kib: number): string => (Number.isFinite(kib) ? (kib / 1024).toFixed(0) : '—');
export const times = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');

/** ` ✅`/` ❌` after a value, or nothing when the value is missing. */
export function mark(value: number, met: (v: number) => boolean): string {
  return Number.isFinite(value) ? ` ${ok(met(value))}` : '';
}

/** Medians and peaks of one case × subject × tool. */
export function summarise(records: readonly RunRecord[], c: string, subject: string, tool: Tool) {
  const rs = records.filter((r) => r.case === c && r.subject === subject && r.tool === tool);
  return {
    runs: rs,
    wallMs: median(rs.map((r) => r.wallMs)),
    cpuMs: median(rs.map((r) => r.cpuMs)),
    maxRssKiB: max(rs.map((r) => r.maxRssKiB)),
  };
}
