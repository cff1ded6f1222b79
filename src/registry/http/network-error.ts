/**
 * A request that never got a response: refused, reset, timed out, or a TLS failure.
 * The message names the request (method and redacted URL) so a bare `ECONNRESET` never
 * reaches the user without context; `cause` keeps the original error.
 */

import { redactUrl } from './redact-url.js';
import { errorCodes } from './retry-policy.js';
import type { HttpMethod } from './types.js';

/** OpenSSL verification results as Node reports them in `err.code`. */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True when the error (or its cause) is a certificate or TLS handshake failure. */
export function isTlsError(err: unknown): boolean {
  return errorCodes(err).some(
    (code) => CERTIFICATE_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'),
  );
}

/** A request failed below HTTP. `tls` marks certificate and handshake failures, which are never retried. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  /** The first error code in the cause chain, e.g. `ECONNREFUSED` or `CERT_HAS_EXPIRED`. */
  readonly code: string | undefined;
  readonly method: HttpMethod;
  /** The request URL, redacted. */
  readonly url: string;
  readonly tls: boolean;

  constructor(method: HttpMethod, url: URL, cause: unknown) {
    const code = errorCodes(cause)[0];
    const tls = isTlsError(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    const detail = code && !reason.includes(code) ? `${code}: ${reason}` : reason;
    let message = `${method} ${redactUrl(url)}: ${tls ? 'TLS failure' : 'request failed'} (${detail})`;
    if (tls && code && CERTIFICATE_CODES.has(code)) {
      message +=
        `; if ${url.host} uses a private CA, put it in certs.d/${url.host}/ca.crt, ` +
        'or turn TLS verification off for it (--tls-verify=false; in the TUI, "verify TLS")';
    }
    super(message, { cause });
    this.code = code;
    this.method = method;
    this.url = redactUrl(url);
    this.tls = tls;
  }
}
