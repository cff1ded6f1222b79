import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from './http.js';
import { NetworkError } from './network-error.js';
import { checkResponse, RegistryError } from './registry-error.js';
import { abortableSleep } from './retry-policy.js';
import { makePki, startServer, type TestServer } from './test-helpers.js';
import type { HttpRequest } from './types.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

/** Answers each request with the next step of a script; the last step repeats. */
type Step = { status: number; headers?: Record<string, string>; body?: string } | 'destroy';

function scripted(steps: () => Step[]) {
  let n = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const all = steps();
    const step = all[Math.min(n++, all.length - 1)]!;
    if (step === 'destroy') {
      req.socket.destroy();
      return;
    }
    res.writeHead(step.status, step.headers);
    res.end(step.body ?? '');
  };
  return { handler, reset: () => (n = 0) };
}

/** An Http whose waits are recorded instead of slept. */
function recordingHttp(
  opts: { maxRetries?: number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {},
) {
  const waits: number[] = [];
  const http = createHttp({
    env: {},
    retry: { maxRetries: opts.maxRetries ?? 4, minDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 },
    random: () => 0,
    now: () => NOW,
    sleep: async (ms, signal) => {
      waits.push(ms);
      if (opts.sleep) await opts.sleep(ms, signal);
    },
  });
  return { http, waits };
}

describe('retries', () => {
  let steps: Step[] = [];
  const script = scripted(() => steps);
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(script.handler);
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.seen.length = 0;
    script.reset();
  });

  const get = (extra: Partial<HttpRequest> = {}): HttpRequest => ({
    method: 'GET',
    url: server.url('/v2/x'),
    ...extra,
  });

  it('retries 503 and returns the 200 that follows', async () => {
    steps = [{ status: 503 }, { status: 200, body: 'ok' }];
    const { http, waits } = recordingHttp();
    const res = await http.request(get());
    await res.dump();
    expect(res.status).toBe(200);
    expect(server.seen).toHaveLength(2);
    expect(waits).toEqual([100]);
    await http.close();
  });

  it.each([
    { name: '408', status: 408 },
    { name: '429', status: 429 },
    { name: '500 (berth retries it, see retry-policy.ts)', status: 500 },
    { name: '502', status: 502 },
    { name: '504', status: 504 },
  ])('retries $name', async ({ status }) => {
    steps = [{ status }, { status: 200 }];
    const { http } = recordingHttp();
    const res = await http.request(get());
    await res.dump();
    expect(res.status).toBe(200);
    expect(server.seen).toHaveLength(2);
    await http.close();
  });

  it.each([400, 401, 403, 404, 405, 416])('does not retry %i', async (status) => {
    steps = [{ status }, { status: 200 }];
    const { http, waits } = recordingHttp();
    const res = await http.request(get());
    await res.dump();
    expect(res.status).toBe(status);
    expect(waits).toEqual([]);
    await http.close();
  });

  it('backs off exponentially with jitter and returns the last response', async () => {
    steps = [{ status: 503, body: '{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}' }];
    const { http, waits } = recordingHttp({ maxRetries: 3 });
    const res = await http.request(get());
    expect(res.status).toBe(503);
    expect(server.seen).toHaveLength(4);
    expect(waits).toEqual([100, 200, 400]);
    await expect(checkResponse(res, 200)).rejects.toThrow(RegistryError);
    await http.close();
  });

  it.each([
    { name: 'seconds', header: '3', want: 3000 },
    { name: 'HTTP date', header: 'Fri, 27 Nov 2026 12:00:05 GMT', want: 5000 },
    { name: 'date in the past', header: 'Fri, 27 Nov 2026 11:59:00 GMT', want: 0 },
    { name: 'capped at maxRetryAfterMs', header: '100000', want: 60_000 },
    { name: 'malformed falls back to backoff', header: 'soon', want: 100 },
  ])('honours 429 Retry-After: $name', async ({ header, want }) => {
    steps = [{ status: 429, headers: { 'retry-after': header } }, { status: 200 }];
    const { http, waits } = recordingHttp();
    const res = await http.request(get());
    await res.dump();
    expect(res.status).toBe(200);
    expect(waits).toEqual([want]);
    await http.close();
  });

  it.each([
    { name: 'POST', req: { method: 'POST' as const, body: 'x' } },
    { name: 'PUT', req: { method: 'PUT' as const, body: 'x' } },
    {
      name: 'a streamed body even when idempotent',
      req: {
        method: 'PUT' as const,
        idempotent: true,
        body: (async function* () {
          yield new Uint8Array([1, 2, 3]);
        })(),
      },
    },
  ])('does not retry $name', async ({ req }) => {
    steps = [{ status: 503 }, { status: 201 }];
    const { http, waits } = recordingHttp();
    const res = await http.request(get(req));
    await res.dump();
    expect(res.status).toBe(503);
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
    await http.close();
  });

  it('retries a PUT marked idempotent with a byte body, sending the same bytes', async () => {
    steps = [{ status: 502 }, { status: 201 }];
    const { http } = recordingHttp();
    const res = await http.request(
      get({ method: 'PUT', idempotent: true, body: new TextEncoder().encode('same') }),
    );
    await res.dump();
    expect(res.status).toBe(201);
    expect(server.seen.map((s) => s.body)).toEqual(['same', 'same']);
    await http.close();
  });

  it('retries after the server drops the connection', async () => {
    steps = ['destroy', { status: 200, body: 'ok' }];
    const { http, waits } = recordingHttp();
    const res = await http.request(get());
    await res.dump();
    expect(res.status).toBe(200);
    expect(waits).toEqual([100]);
    await http.close();
  });

  it('throws the last network error once retries run out', async () => {
    steps = ['destroy'];
    const { http, waits } = recordingHttp({ maxRetries: 2 });
    const err = await http.request(get()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('UND_ERR_SOCKET');
    expect((err as NetworkError).message).toMatch(new RegExp(`^GET ${server.origin}/v2/x: request failed`));
    expect(waits).toHaveLength(2);
    await http.close();
  });

  it('does not retry a POST after a dropped connection', async () => {
    steps = ['destroy', { status: 201 }];
    const { http, waits } = recordingHttp();
    await expect(http.request(get({ method: 'POST', body: 'x' }))).rejects.toBeInstanceOf(NetworkError);
    expect(waits).toEqual([]);
    await http.close();
  });

  it('stops waiting and rejects with the signal reason when aborted during backoff', async () => {
    steps = [{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }];
    const controller = new AbortController();
    const reason = new Error('cancelled by user');
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => {
      sleeping = resolve;
    });
    const { http, waits } = recordingHttp({
      sleep: (ms, signal) => {
        sleeping();
        return abortableSleep(ms, signal);
      },
    });
    const pending = http.request(get({ signal: controller.signal }));
    await asleep;
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(waits).toEqual([30_000]);
    expect(server.seen).toHaveLength(1);
    await http.close();
  });

  it('rejects with the signal reason when aborted before sending', async () => {
    const reason = new Error('already cancelled');
    const { http } = recordingHttp();
    await expect(http.request(get({ signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    await http.close();
  });
});

describe('network failures', () => {
  it('retries a refused connection, then reports it with its code', async () => {
    const closed = await startServer(() => {});
    const url = closed.url('/v2/');
    await closed.close();
    const { http, waits } = recordingHttp({ maxRetries: 2 });
    const err = await http.request({ method: 'GET', url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ECONNREFUSED');
    expect((err as NetworkError).tls).toBe(false);
    expect(waits).toEqual([100, 200]);
    await http.close();
  });

  it('never retries a certificate failure and explains it', async () => {
    const pki = await makePki();
    const server = await startServer(
      (_req, res) => {
        res.end();
      },
      { key: pki.serverKey, cert: pki.serverCert },
    );
    const { http, waits } = recordingHttp();
    try {
      const err = await http.request({ method: 'GET', url: server.url('/v2/') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      const failure = err as NetworkError;
      expect(failure.tls).toBe(true);
      expect(failure.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(failure.message).toContain('TLS failure');
      expect(failure.message).toContain(`certs.d/${server.url('/').host}/ca.crt`);
      expect(waits).toEqual([]);
      expect(server.seen).toHaveLength(0);
    } finally {
      await http.close();
      await server.close();
      await pki.cleanup();
    }
  });
});
