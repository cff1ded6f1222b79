/**
 * Where a registry's API lives. Docker Hub's references say `docker.io` but its API is
 * at registry-1.docker.io. Everything else is https, except a registry the user marked
 * insecure (`--tls-verify=false`, registries.conf `insecure = true`): there https is
 * tried first and plain http only when the TLS connection itself fails — never as a
 * fallback for a verified host (CVE-2014-5277).
 */
import type { Http } from '../http/types.js';
import { registryEndpoint } from '../ref/index.js';

export async function resolveEndpoint(opts: {
  http: Http;
  registry: string;
  insecure?: boolean;
  signal?: AbortSignal;
}): Promise<URL> {
  const host = registryEndpoint(opts.registry);
  const https = new URL(`https://${host}/`);
  if (!opts.insecure) return https;
  try {
    const res = await opts.http.request({
      method: 'GET',
      url: new URL('/v2/', https),
      signal: opts.signal,
      idempotent: false,
      maxRedirects: 0,
    });
    await res.dump();
    return https;
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return new URL(`http://${host}/`);
  }
}
