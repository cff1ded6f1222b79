import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FaultRule,
  type FaultRuleInput,
  pipeBody,
  ruleMatches,
  statusFaultBody,
  waitAtLeast,
  withFaultHeaders,
} from './faults.js';
import { copyHeaders, createUpstream } from './forward.js';
import {
  closeServer,
  listen,
  type SecondOrigin,
  type SecondOriginAuth,
  startSecondOrigin,
} from './second-origin.js';
import { type ProxiedResponse, paginateTagList, tagListRepository } from './tag-pagination.js';

export type { Fault, FaultRule, FaultRuleInput } from './faults.js';
export type { SecondOrigin, SecondOriginAuth, SecondOriginRequest } from './second-origin.js';

/** Options for {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Registry base URL, e.g. `reg.url`. */
  target: string;
  /** CA for an https target. */
  caPem?: string;
  /** Credentials the second origin uses to read from an auth-protected registry. */
  secondOriginAuth?: SecondOriginAuth;
  /**
   * Serve `GET /v2/NAME/tags/list` with `n`/`last`/`Link` pagination (see `paginateTagList`), which
   * distribution 2.8 lacks. Default false: the registry's own unpaginated answer passes through.
   */
  paginateTags?: boolean;
  signal?: AbortSignal;
}

/** One request the proxy received. */
export interface ProxyRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Status sent to the client (0 if the connection was cut before a head was sent). */
  status: number;
  /** The fault applied, if any. */
  fault?: FaultRule['fault']['kind'];
}

/** A running fault-injecting reverse proxy in front of one registry. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  /** Every request, oldest first. */
  requests: ProxyRequest[];
  secondOrigin: SecondOrigin;
  /** Arms a fault; rules are tried in the order added, the first live match wins. */
  add(rule: FaultRuleInput): FaultRule;
  /** Disarms every rule and clears both request logs. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Starts an HTTP reverse proxy on 127.0.0.1 that forwards everything to `target` (streaming both
 * ways, path and query untouched, `Authorization` included) and injects armed faults. `Location`
 * headers pointing at the target are rewritten to the proxy so an upload session keeps going through
 * it. The registry sees `Host` as its own address, so its `Location`s name the target.
 */
export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  opts.signal?.throwIfAborted();
  const upstream = createUpstream(opts.target, opts.caPem);
  const secondUpstream = createUpstream(opts.target, opts.caPem);
  const secondOrigin = await startSecondOrigin({
    upstream: secondUpstream,
    ...(opts.secondOriginAuth ? { auth: opts.secondOriginAuth } : {}),
  });
  const rules: FaultRule[] = [];
  const requests: ProxyRequest[] = [];
  let proxyUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse, record: ProxyRequest): Promise<void> => {
    const rule = rules.find((r) => ruleMatches(r, record.method, record.url));
    if (rule) {
      rule.hits++;
      record.fault = rule.fault.kind;
    }
    const fault = rule?.fault;
    if (fault?.kind === 'status' || fault?.kind === 'redirect') {
      // Read the request body first so the client is not cut off mid-upload.
      for await (const _ of req) {
        // drain
      }
      if (fault.kind === 'redirect') {
        record.status = 307;
        res.writeHead(307, { location: `${secondOrigin.url}${record.url}`, 'content-length': '0' });
        res.end();
        return;
      }
      record.status = fault.status;
      const body = fault.body ?? statusFaultBody(fault.status);
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...fault.headers,
      });
      res.end(body);
      return;
    }
    // The request body waits in the socket meanwhile, as it would on its way over a slow network.
    if (fault?.kind === 'delay') await waitAtLeast(fault.ms);
    const headers = copyHeaders(req.rawHeaders, ['host']);
    const up = await forward(record, headers, req);
    record.status = up.status;
    const head = rewriteLocation(copyHeaders(up.rawHeaders), upstream.origin, proxyUrl);
    res.writeHead(record.status, withFaultHeaders(head, fault));
    if (fault?.kind === 'drop-after') res.flushHeaders();
    await pipeBody(up.body, res, fault);
  };

  const forward = async (
    record: ProxyRequest,
    headers: string[],
    req: IncomingMessage,
  ): Promise<ProxiedResponse> => {
    const tagList = opts.paginateTags && record.method === 'GET' && tagListRepository(record.url);
    if (tagList) {
      const full = await upstream.send({
        method: 'GET',
        path: `/v2/${tagList}/tags/list`,
        headers,
        body: req,
      });
      return paginateTagList(record.url, full);
    }
    const up = await upstream.send({ method: record.method, path: record.url, headers, body: req });
    return { status: up.statusCode ?? 0, rawHeaders: up.rawHeaders, body: up };
  };

  const server = createServer((req, res) => {
    const record: ProxyRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    handle(req, res, record).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      record.status = 502;
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(err as Error).message}`);
    });
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  proxyUrl = `http://127.0.0.1:${port}`;

  return {
    url: proxyUrl,
    host: `127.0.0.1:${port}`,
    requests,
    secondOrigin: { url: secondOrigin.url, requests: secondOrigin.requests },
    add(input) {
      const rule: FaultRule = { ...input, times: input.times ?? 1, hits: 0 };
      rules.push(rule);
      return rule;
    },
    reset() {
      rules.length = 0;
      requests.length = 0;
      secondOrigin.requests.length = 0;
    },
    async stop() {
      await Promise.all([closeServer(server), secondOrigin.close()]);
      upstream.close();
      secondUpstream.close();
    },
  };
}

/** Rewrites `Location` values on the target's origin to the proxy's origin. */
function rewriteLocation(headers: string[], target: URL, proxyUrl: string): string[] {
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i]!.toLowerCase() !== 'location') continue;
    const value = headers[i + 1]!;
    const rest = value.slice(target.origin.length);
    if (value.startsWith(target.origin) && (rest === '' || /^[/?#]/.test(rest)))
      headers[i + 1] = proxyUrl + rest;
  }
  return headers;
}
