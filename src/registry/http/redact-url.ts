/**
 * URLs for error messages and logs, with secrets taken out.
 *
 * Upload `Location`s carry distribution's HMAC-signed `_state`; blob redirects carry
 * presigned S3/GCS/Azure/CloudFront query strings (`X-Amz-Signature`, `X-Goog-Credential`,
 * `sig`, `Signature`); token endpoints may carry `token` or `refresh_token`. Anyone who reads an
 * error message must not be able to replay the request, so these values become `REDACTED`
 * and userinfo (`user:pass@`) is dropped entirely. Parameter names stay, because they help
 * when debugging; harmless parameters like `digest`, `n` and `last` keep their values.
 */

/** Query parameters whose values are secrets (matched case-insensitively). */
const SECRET_PARAM =
  /^(?:_state|sig|code|key|x-amz-.*|x-goog-.*|.*token.*|.*secret.*|.*signature.*|.*credential.*|.*password.*)$/i;

/** True when a query parameter of this name must not be shown. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/** The URL as text with userinfo removed and secret query values replaced by `REDACTED`. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  parsed.username = '';
  parsed.password = '';
  // Rebuild the query only when something must change, so ordinary URLs print exactly as given.
  const params = [...parsed.searchParams];
  if (params.some(([name]) => isSecretParam(name))) {
    const redacted = new URLSearchParams();
    for (const [name, value] of params) redacted.append(name, isSecretParam(name) ? 'REDACTED' : value);
    parsed.search = redacted.toString();
  }
  return parsed.href;
}
