/** Go's `time.ParseDuration` for flags like `--command-timeout 1m30s` and `--retry-delay 2s`. */
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  '\u00b5s': 1e-3, // micro sign
  '\u03bcs': 1e-3, // Greek small mu: Go accepts both
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds, or throws on text Go would refuse. A bare `0` is allowed, as in Go. */
export function parseGoDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  // Escaped: esbuild copies regular expression literals as they are, and the bundle is ASCII.
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[-+]/, '');
  if (!body) throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  re.lastIndex = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    at = re.lastIndex;
  }
  if (at !== body.length) throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  return sign * total;
}
