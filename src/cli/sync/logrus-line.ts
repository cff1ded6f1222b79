/**
 * skopeo sync reports through logrus on stderr, and scripts grep those lines, so berth
 * writes its sync messages in the same text format: `time="…" level=info msg="…"` and then
 * the fields sorted by key, each value quoted (Go `%q`) only when it holds anything but
 * letters, digits and `-._/@^+` (logrus `TextFormatter.needsQuoting`).
 */

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'fatal';

export type LogFields = Readonly<Record<string, string | number | boolean>>;

const BARE = /^[A-Za-z0-9\-._/@^+]+$/;

/** Go's `strconv.Quote` for the characters that occur in log values. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function value(v: string | number | boolean): string {
  const s = String(v);
  return BARE.test(s) ? s : goQuote(s);
}

/** RFC 3339 in local time, to the second, as Go's `time.RFC3339` prints it (`Z` for UTC). */
export function rfc3339(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone =
    offset === 0
      ? 'Z'
      : `${offset > 0 ? '+' : '-'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}${zone}`
  );
}

/** One log line, without the newline. */
export function logrusLine(opts: { time: Date; level: LogLevel; msg: string; fields?: LogFields }): string {
  const parts = [`time=${value(rfc3339(opts.time))}`, `level=${opts.level}`, `msg=${value(opts.msg)}`];
  const fields = opts.fields ?? {};
  for (const key of Object.keys(fields).sort()) parts.push(`${key}=${value(fields[key] as string)}`);
  return parts.join(' ');
}

/** Where sync's log lines go, with the clock injectable for tests. */
export class SyncLog {
  readonly #emit: (line: string) => void;
  readonly #now: () => Date;
  readonly #debug: boolean;

  constructor(opts: { emit: (line: string) => void; now?: () => Date; debug?: boolean }) {
    this.#emit = opts.emit;
    this.#now = opts.now ?? (() => new Date());
    this.#debug = opts.debug ?? false;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (level === 'debug' && !this.#debug) return;
    this.#emit(logrusLine({ time: this.#now(), level, msg, ...(fields ? { fields } : {}) }));
  }

  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.log('warning', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
}
