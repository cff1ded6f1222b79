/**
 * The one error class for a registry's answers: what was asked (method, redacted URL),
 * what came back (status, the spec's error codes), and how long the server asked us to
 * wait. Built by `checkResponse`, which every remote/ call runs on its responses.
 */
import { ERROR_BODY_LIMIT, readBounded } from '../digest/index.js';
import { redactUrl } from './redact-url.js';
import { parseRetryAfter } from './retry-policy.js';
import { sanitizeText } from './sanitize-text.js';
import type { HttpResponse } from './types.js';

/** One entry of the distribution spec's `{"errors": [...]}` body, sanitised. */
export interface RegistryErrorDetail {
  code: string;
  message: string;
  /** Whatever the server put in `detail`; untrusted data, never printed as is. */
  detail?: unknown;
}

export interface RegistryErrorInit {
  status: number;
  method: string;
  url: URL | string;
  errors?: RegistryErrorDetail[];
  retryAfterMs?: number;
  /** A short excerpt of a body that was not a spec error document (HTML from a proxy, say). */
  bodyExcerpt?: string;
}

/** Entries kept from one error body; a registry that sends more is not telling us more. */
const MAX_ERRORS = 16;
/** Characters of a code kept; spec codes are short upper-case words. */
const MAX_CODE = 64;
/** Characters of a non-JSON body quoted in the message. */
const EXCERPT_MAX = 160;

/** Codes the spec uses for content that does not exist; skopeo exits 2 on them. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['MANIFEST_UNKNOWN', 'NAME_UNKNOWN', 'BLOB_UNKNOWN']);

/** When the body names no code, a status with one obvious meaning still gets a code. */
const CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  429: 'TOOMANYREQUESTS',
};

function describe(init: RegistryErrorInit): string {
  // node:http is looked up here, not imported: loading it costs every start ~3 ms (bench/),
  // and a successful run never builds an error.
  const statusText = process.getBuiltinModule('node:http').STATUS_CODES[init.status] ?? 'Unknown Status';
  let message = `${init.method} ${redactUrl(init.url)}: ${init.status} ${statusText}`;
  const errors = init.errors ?? [];
  if (errors.length > 0) {
    const parts = errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code));
    message += ` (${parts.join('; ')})`;
  } else if (init.bodyExcerpt) {
    message += ` (body: ${init.bodyExcerpt})`;
  }
  return message;
}

/** A registry (or something in front of it) answered with a status the caller did not expect. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly status: number;
  /** The first spec error code (`MANIFEST_UNKNOWN`, `DENIED`, …), or one implied by 401/403/429. */
  readonly code: string | undefined;
  readonly errors: readonly RegistryErrorDetail[];
  readonly method: string;
  /** The URL of the request, without userinfo and with secret query values redacted. */
  readonly url: string;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: RegistryErrorInit) {
    super(describe(init));
    this.status = init.status;
    this.errors = Object.freeze([...(init.errors ?? [])]);
    this.code = this.errors[0]?.code ?? CODE_FOR_STATUS[init.status];
    this.method = init.method;
    this.url = redactUrl(init.url);
    this.retryAfterMs = init.retryAfterMs;
  }
}

function sanitizeCode(value: unknown): string {
  if (typeof value !== 'string') return 'UNKNOWN';
  const code = sanitizeText(value, MAX_CODE);
  return code === '' ? 'UNKNOWN' : code;
}

/**
 * Reads the spec's `{"errors": [{code, message, detail}]}`. Anything else (not JSON, no
 * `errors` array, entries that are not objects) yields an empty list rather than an error,
 * because the status alone is still a useful answer.
 */
export function parseErrorBody(text: string): RegistryErrorDetail[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const list = (doc as { errors?: unknown }).errors;
  if (!Array.isArray(list)) return [];
  const errors: RegistryErrorDetail[] = [];
  for (const entry of list.slice(0, MAX_ERRORS)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { code, message, detail } = entry as Record<string, unknown>;
    const parsed: RegistryErrorDetail = {
      code: sanitizeCode(code),
      message: typeof message === 'string' ? sanitizeText(message) : '',
    };
    if (detail !== undefined) parsed.detail = detail;
    errors.push(parsed);
  }
  return errors;
}

function excerpt(text: string): string | undefined {
  const clean = sanitizeText(text, EXCERPT_MAX);
  return clean === '' ? undefined : JSON.stringify(clean);
}

/**
 * Resolves when `res.status` is one of `okStatuses`. Otherwise reads at most
 * `ERROR_BODY_LIMIT` bytes of the body, parses the spec's error document if there is
 * one, and throws a `RegistryError`. The body is always consumed or dumped.
 */
export async function checkResponse(res: HttpResponse, ...okStatuses: number[]): Promise<void> {
  if (okStatuses.includes(res.status)) return;
  let text = '';
  try {
    const bytes = await readBounded(res.body, { limit: ERROR_BODY_LIMIT, what: 'error response body' });
    text = new TextDecoder().decode(bytes);
  } catch {
    // Too large, already consumed, or the connection died: the status still tells the story.
  } finally {
    await res.dump();
  }
  const errors = parseErrorBody(text);
  const init: RegistryErrorInit = { status: res.status, method: res.method, url: res.url, errors };
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], Date.now());
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  if (errors.length === 0 && res.method !== 'HEAD') {
    const body = excerpt(text);
    if (body !== undefined) init.bodyExcerpt = body;
  }
  throw new RegistryError(init);
}

/**
 * True when `err` (or an error in its `cause` chain) says the image, repository or blob
 * does not exist: status 404, or a spec code for unknown content.
 */
export function isNotFound(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof RegistryError) {
      return current.status === 404 || current.errors.some((e) => NOT_FOUND_CODES.has(e.code));
    }
    current = current.cause;
  }
  return false;
}
