import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

/** Something the fault proxy does instead of a plain forward. */
export type Fault =
  /** Forward the response head and the first `bytes` of the real body, then destroy the socket. */
  | { kind: 'drop-after'; bytes: number }
  /** Answer with this status without contacting the registry (body defaults to a JSON error). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Forward the real response, its body paced at about `bytesPerSecond`. */
  | { kind: 'slow'; bytesPerSecond: number }
  /** Forward the real response with the body byte at `offset` XORed with 0xff (length unchanged). */
  | { kind: 'flip-byte'; offset: number }
  /** Answer 307 to the same path on the proxy's second origin. */
  | { kind: 'redirect'; to: 'second-origin' }
  /**
   * Wait at least `ms` before forwarding, then forward normally: one extra round trip per request, as
   * to a remote registry (with `times: Infinity`, every matching request pays it).
   */
  | { kind: 'delay'; ms: number }
  /**
   * Forward the real response with `headers` set on it (replacing any of the same name), as a
   * registry in front of berth might add them: Docker Hub's `ratelimit-*` on manifest responses.
   */
  | { kind: 'headers'; headers: Record<string, string> };

/** When a fault applies: every given condition must match. */
export interface FaultRuleInput {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Tested against the request's path and query, e.g. `/\/blobs\/sha256:/`. */
  path?: RegExp;
  fault: Fault;
  /** How many matching requests get the fault before the rule expires; default 1, `Infinity` allowed. */
  times?: number;
}

/** An armed rule; `hits` counts the requests it has faulted. */
export interface FaultRule extends Required<Omit<FaultRuleInput, 'method' | 'path'>> {
  method?: string;
  path?: RegExp;
  hits: number;
}

/** True while `rule` has uses left and matches the request. */
export function ruleMatches(rule: FaultRule, method: string, url: string): boolean {
  if (rule.hits >= rule.times) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path !== undefined) {
    rule.path.lastIndex = 0; // a /g regex would otherwise remember where it stopped
    if (!rule.path.test(url)) return false;
  }
  return true;
}

/**
 * The forwarded response's raw (flat name/value) headers with a `headers` fault's set on them:
 * same-named ones dropped (case-insensitively), the fault's appended; unchanged for other faults.
 */
export function withFaultHeaders(raw: readonly string[], fault?: Fault): string[] {
  if (fault?.kind !== 'headers') return [...raw];
  const names = new Set(Object.keys(fault.headers).map((n) => n.toLowerCase()));
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (!names.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  for (const [name, value] of Object.entries(fault.headers)) out.push(name, value);
  return out;
}

/** Default body for a `status` fault: a distribution-style error so clients can parse it. */
export function statusFaultBody(status: number): string {
  const code = status === 429 ? 'TOOMANYREQUESTS' : status === 401 ? 'UNAUTHORIZED' : 'UNKNOWN';
  return JSON.stringify({ errors: [{ code, message: `fault proxy: injected ${status}` }] });
}

/**
 * Streams `upstream`'s body into `res` (head already written) according to `fault`; a plain copy when
 * `fault` is undefined or not a body fault. Stops reading upstream if the client goes away.
 */
export async function pipeBody(upstream: Readable, res: ServerResponse, fault?: Fault): Promise<void> {
  res.once('close', () => upstream.destroy());
  let sent = 0;
  for await (const data of upstream) {
    let chunk = data as Buffer;
    if (fault?.kind === 'flip-byte' && fault.offset >= sent && fault.offset < sent + chunk.length) {
      chunk = Buffer.from(chunk);
      chunk[fault.offset - sent]! ^= 0xff;
    }
    if (fault?.kind === 'drop-after' && sent + chunk.length >= fault.bytes) {
      await write(res, chunk.subarray(0, fault.bytes - sent));
      upstream.destroy();
      res.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      await writePaced(res, chunk, fault.bytesPerSecond);
    } else {
      await write(res, chunk);
    }
    sent += chunk.length;
    if (res.destroyed) return;
  }
  if (fault?.kind === 'drop-after') {
    // The body was shorter than `bytes`: still cut the connection instead of ending cleanly.
    await write(res, Buffer.alloc(0));
    res.destroy();
    return;
  }
  res.end();
}

/**
 * Resolves no sooner than `ms` from now. Node's timers count on the event loop's cached millisecond
 * clock and can fire up to a millisecond early, which a `delay` fault must never do: a caller timing
 * the request may rely on the full `ms`.
 */
export async function waitAtLeast(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) await delay(Math.ceil(left));
}

const SLICES_PER_SECOND = 20;

async function writePaced(res: ServerResponse, chunk: Buffer, bytesPerSecond: number): Promise<void> {
  const slice = Math.max(1, Math.floor(bytesPerSecond / SLICES_PER_SECOND));
  for (let offset = 0; offset < chunk.length && !res.destroyed; offset += slice) {
    await write(res, chunk.subarray(offset, offset + slice));
    await delay(1000 / SLICES_PER_SECOND);
  }
}

/** Writes and waits until the data has been handed to the socket (so a following destroy keeps it). */
function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.write(chunk, () => resolve());
  });
}
