/**
 * Docker Hub's pull rate limit as the `ratelimit-*` headers report it on manifest
 * requests (`ratelimit-limit: 100;w=21600`). The headers are absent for unlimited
 * callers, so "unknown" is a normal state, not an error.
 */
export interface RateLimit {
  limit: number;
  remaining: number;
  /** The window in seconds, when the header names one. */
  windowSeconds?: number;
  /** `docker-ratelimit-source`, the address or account Hub counts against. */
  source?: string;
}

function parseQuota(value: string | undefined): { count: number; window?: number } | undefined {
  if (!value) return undefined;
  const [countPart, ...params] = value.split(';');
  const count = Number.parseInt(countPart!.trim(), 10);
  if (!Number.isSafeInteger(count) || count < 0) return undefined;
  let window: number | undefined;
  for (const p of params) {
    const m = /^\s*w\s*=\s*(\d+)\s*$/.exec(p);
    if (m) window = Number.parseInt(m[1]!, 10);
  }
  return { count, window };
}

/** Reads the rate limit from response headers, or undefined when they are absent or malformed. */
export function parseRateLimit(headers: Readonly<Record<string, string | undefined>>): RateLimit | undefined {
  const limit = parseQuota(headers['ratelimit-limit']);
  const remaining = parseQuota(headers['ratelimit-remaining']);
  if (!limit || !remaining) return undefined;
  const source = headers['docker-ratelimit-source'];
  return {
    limit: limit.count,
    remaining: remaining.count,
    ...(limit.window !== undefined ? { windowSeconds: limit.window } : {}),
    ...(source ? { source: source.slice(0, 200) } : {}),
  };
}
