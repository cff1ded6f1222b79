/**
 * Reading a process's memory and children from /proc (Linux only): berth runs under `script`
 * on a pty, so its pid is not the one the bench spawned, and GNU time cannot wrap a process
 * that is measured while it keeps running.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a live process, in KiB. */
export interface ProcMemory {
  /** `VmRSS`: resident now. */
  rssKiB: number;
  /** `VmHWM`: the peak resident size so far (the high-water mark). */
  hwmKiB: number;
}

/** `VmRSS` and `VmHWM` from the text of /proc/PID/status; NaN for a field that is missing. */
export function parseProcStatus(text: string): ProcMemory {
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
    return m ? Number(m[1]) : Number.NaN;
  };
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

/**
 * The parent pid from the text of /proc/PID/stat. The command name (field 2) is in parentheses
 * and may itself hold spaces or `)`, so the fields are counted from the last `)`.
 */
export function parentPid(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[1]);
}

/** The memory of `pid` now; throws when the process is gone. */
export function readProcMemory(pid: number): ProcMemory {
  return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** What a thread has spent so far: running on a CPU, and runnable but waiting for one. */
export interface SchedTimes {
  cpuMs: number;
  /** Time in the run queue: what other load on the machine costs it. */
  waitMs: number;
}

/** The text of /proc/PID/schedstat: nanoseconds on a CPU, nanoseconds waiting, timeslices. */
export function parseSchedstat(text: string): SchedTimes {
  const [cpu, wait] = text.trim().split(/\s+/).map(Number);
  return { cpuMs: (cpu ?? Number.NaN) / 1e6, waitMs: (wait ?? Number.NaN) / 1e6 };
}

/**
 * The main thread's times of `pid` (/proc/PID/schedstat is the thread-group leader's alone:
 * the thread that runs the JavaScript, not V8's or libuv's helpers); NaN when it is gone.
 */
export function readSchedTimes(pid: number): SchedTimes {
  try {
    return parseSchedstat(readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
  } catch {
    return { cpuMs: Number.NaN, waitMs: Number.NaN };
  }
}

/** The pids whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  try {
    // One read where the kernel keeps the list (CONFIG_PROC_CHILDREN), not a walk of /proc.
    const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (listed !== '') return listed.split(' ').map(Number);
  } catch {
    // Not kept by this kernel: walk /proc.
  }
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (parentPid(readFileSync(`/proc/${name}/stat`, 'utf8')) === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}
