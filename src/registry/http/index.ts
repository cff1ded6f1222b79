/**
 * How berth talks HTTP to registries. `createHttp` returns the one `Http` a process
 * needs: a keep-alive connection pool that trusts the system CAs plus each registry's
 * certs.d, goes through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY says otherwise, retries
 * idempotent requests that failed for transient reasons, and follows redirects without
 * ever carrying credentials away from the origin they were meant for. Responses the
 * caller did not expect become a `RegistryError` through `checkResponse`, with the
 * registry's error codes parsed and everything server-supplied made safe to print.
 */

export { DEFAULT_CONNECTIONS_PER_ORIGIN } from './agent.js';
export { createHttp, DEFAULT_HTTP_OPTIONS, type HttpOptions } from './http.js';
export { isTlsError, NetworkError } from './network-error.js';
export { matchesNoProxy, proxyFor } from './proxy-env.js';
export { redactUrl } from './redact-url.js';
export { CREDENTIAL_HEADERS } from './redirect.js';
export {
  checkResponse,
  isNotFound,
  parseErrorBody,
  RegistryError,
  type RegistryErrorDetail,
  type RegistryErrorInit,
} from './registry-error.js';
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryPolicy,
} from './retry-policy.js';
export { sanitizeText } from './sanitize-text.js';
export { certsDirName, defaultCertDirs } from './tls.js';
export type { Http, HttpBody, HttpMethod, HttpRequest, HttpResponse } from './types.js';
export { withoutRetries } from './without-retries.js';
