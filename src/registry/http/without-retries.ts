/**
 * The same HTTP layer with its retries off, for a request whose failure should be taken at
 * once rather than waited out: trying a registries.conf mirror, which is passed over when it
 * does not answer (containers/image asks each mirror once).
 */
import type { Http } from './types.js';

/**
 * `http` with every request marked non-idempotent, so none is sent twice. Closing it does
 * nothing: the layer underneath belongs to whoever made it.
 */
export function withoutRetries(http: Http): Http {
  return {
    request: (req) => http.request({ ...req, idempotent: false }),
    close: async () => {},
  };
}
