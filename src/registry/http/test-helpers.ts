/**
 * Local servers and certificates for this folder's tests: real `node:http`/`node:https`
 * listeners on 127.0.0.1, a CONNECT proxy, and a throwaway CA made with `openssl`.
 * Test-only; nothing outside *.test.ts imports it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  RequestListener,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  /** `http(s)://127.0.0.1:<port>` */
  origin: string;
  url(path: string): URL;
  /** Every request received, in order, with its body read. */
  seen: SeenRequest[];
  /** Destroys open sockets too, so keep-alive connections don't hold the test open. */
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

export interface TlsServerOptions {
  key: string;
  cert: string;
  /** CA for client certificates; when set, clients must present one. */
  clientCa?: string;
}

function listen(server: Server, protocol: string): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const origin = `${protocol}//127.0.0.1:${port}`;
      resolve({
        origin,
        url: (path) => new URL(path, origin),
        seen,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function recording(handler: Handler, seen: () => SeenRequest[]): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen().push(entry);
      handler(req, res, entry);
    });
  };
}

/** Starts a server on 127.0.0.1 that records each request, then lets `handler` answer it. */
export async function startServer(handler: Handler, tls?: TlsServerOptions): Promise<TestServer> {
  let box: TestServer | undefined;
  const listener = recording(handler, () => box!.seen);
  const server = tls
    ? createHttpsServer(
        {
          key: tls.key,
          cert: tls.cert,
          ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
        },
        listener,
      )
    : createHttpServer(listener);
  box = await listen(server, tls ? 'https:' : 'http:');
  return box;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The authority of every CONNECT received (`host:port`). */
  connects: string[];
  /** `proxy-authorization` of every CONNECT, or undefined. */
  auths: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A CONNECT-only proxy. `route` maps the requested authority to a local port, which lets a
 * test use names like `registry.test` that only the proxy can resolve.
 */
export async function startConnectProxy(
  route: (authority: string) => number | undefined,
): Promise<ConnectProxy> {
  const connects: string[] = [];
  const auths: (string | undefined)[] = [];
  const server = createHttpServer((_req, res) => {
    res.statusCode = 405;
    res.end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    connects.push(authority);
    auths.push(req.headers['proxy-authorization']);
    const port = route(authority);
    if (port === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const base = await listen(server, 'http:');
  return { origin: base.origin, connects, auths, close: base.close };
}

export interface TestPki {
  dir: string;
  caPem: string;
  /** Valid for 127.0.0.1, localhost and registry.test. */
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  cleanup(): Promise<void>;
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = berth-http-test
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[v3_server]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:registry.test
[v3_client]
basicConstraints = critical,CA:FALSE
extendedKeyUsage = clientAuth
`;

/** Makes a CA, a server certificate and a client certificate (EC P-256, quick to generate). */
export async function makePki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-http-pki-'));
  const cnf = join(dir, 'openssl.cnf');
  await writeFile(cnf, OPENSSL_CONFIG);
  const p = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-days',
    '2',
    '-config',
    cnf,
    '-extensions',
    'v3_ca',
  ]);
  for (const leaf of ['server', 'client']) {
    await run('openssl', [
      'req',
      ...ec,
      '-keyout',
      p(`${leaf}.key`),
      '-out',
      p(`${leaf}.csr`),
      '-config',
      cnf,
    ]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      p(`${leaf}.csr`),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p(`${leaf}.pem`),
      '-days',
      '2',
      '-extfile',
      cnf,
      '-extensions',
      `v3_${leaf}`,
    ]);
  }
  const read = (name: string) => readFile(p(name), 'utf8');
  return {
    dir,
    caPem: await read('ca.pem'),
    serverKey: await read('server.key'),
    serverCert: await read('server.pem'),
    clientKey: await read('client.key'),
    clientCert: await read('client.pem'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
