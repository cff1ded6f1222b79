/**
 * Times in image configs as Go reads and writes them: decoded from RFC 3339 keeping the
 * offset they were written with (which a JS `Date` would lose), and marshalled back with
 * RFC 3339 nano precision (`time.Time.MarshalJSON`), so a config re-encoded by berth has
 * the bytes containers/image gives it.
 */

/** A wall-clock time with its UTC offset, as Go's `time.Time` keeps it after parsing RFC 3339. */
export interface GoTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Nanoseconds, 0–999 999 999. */
  nanos: number;
  /** East of UTC, in seconds. */
  offsetSeconds: number;
}

/** Go's zero `time.Time`: what a Docker config without `created` decodes to. */
export const GO_ZERO_TIME: GoTime = {
  year: 1,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  nanos: 0,
  offsetSeconds: 0,
};

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Reads an RFC 3339 time as Go's JSON decoder does. Digits beyond nanoseconds are dropped
 * (Go truncates them too).
 *
 * @throws {Error} when `s` is not RFC 3339.
 */
export function parseGoTime(s: string): GoTime {
  const m = RFC3339.exec(s);
  if (!m) throw new Error(`parsing time ${JSON.stringify(s.slice(0, 64))}: not RFC 3339`);
  const n = (i: number) => Number(m[i]);
  const fraction = (m[7] ?? '').slice(0, 9).padEnd(9, '0');
  const sign = m[9] === '-' ? -1 : 1;
  const offsetSeconds = m[8] || !m[9] ? 0 : sign * (n(10) * 3600 + n(11) * 60);
  const t: GoTime = {
    year: n(1),
    month: n(2),
    day: n(3),
    hour: n(4),
    minute: n(5),
    second: n(6),
    nanos: Number(fraction),
    offsetSeconds,
  };
  if (
    t.month < 1 ||
    t.month > 12 ||
    t.day < 1 ||
    t.day > 31 ||
    t.hour > 23 ||
    t.minute > 59 ||
    t.second > 59
  ) {
    throw new Error(`parsing time ${JSON.stringify(s.slice(0, 64))}: out of range`);
  }
  return t;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `.123` with trailing zeros dropped, or nothing for a whole second (Go's `.999999999`). */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  return `.${pad(nanos, 9).replace(/0+$/, '')}`;
}

/** `2006-01-02<sep>15:04:05.999999999`. */
export function goDate(t: GoTime, sep: string): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}${sep}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${fraction(t.nanos)}`;
}

/** `+07:00` (`colon`) or `+0700`. */
export function goOffset(t: GoTime, colon: boolean): string {
  const abs = Math.abs(t.offsetSeconds);
  const sign = t.offsetSeconds < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(abs / 3600))}${colon ? ':' : ''}${pad(Math.floor(abs / 60) % 60)}`;
}

/** `time.Time.MarshalJSON`'s text: RFC 3339 with nanoseconds, `Z` for a zero offset. */
export function formatRfc3339Nano(t: GoTime): string {
  return `${goDate(t, 'T')}${t.offsetSeconds === 0 ? 'Z' : goOffset(t, true)}`;
}
