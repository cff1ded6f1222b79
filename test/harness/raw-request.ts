import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Options for {@link rawRequest}. */
export interface RawRequestOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  caPem?: string;
  signal?: AbortSignal;
}

/** What arrived, even when the connection was cut part-way. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every body byte received before the end or the cut. */
  body: Buffer;
  /** Set when the response did not complete (socket destroyed, reset, aborted). */
  error?: Error;
}

/**
 * A bare node:http request that never throws for a cut connection after the head arrived: it
 * resolves with the bytes received so far and `error` set, so tests can count exactly what a fault
 * let through. Rejects only if no response head arrived.
 */
export function rawRequest(opts: RawRequestOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = opts.url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(
      opts.url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        agent: false,
        ...(opts.caPem ? { ca: opts.caPem } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        const done = (error?: Error) =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ...(error ? { error } : {}),
          });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => done());
        res.once('error', (err) => done(err));
        res.once('close', () => {
          if (!res.complete) done(new Error('connection closed before the response completed'));
        });
      },
    );
    req.once('error', reject);
    req.end(opts.body);
  });
}
