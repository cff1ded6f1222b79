/**
 * The JSON inside a "simple signing" (atomic container signature) OpenPGP message, as
 * containers/image writes and reads it (`signature/simple.go`, docs/containers-signature.5.md).
 * Writing reproduces Go's `json.Marshal` of maps (keys sorted, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped) so berth's payloads are byte-for-byte what skopeo would produce; reading is
 * strict, because the only trustworthy parts are the ones that were checked.
 */
import { InvalidManifestError, parseJsonDocument } from '../manifest/index.js';

export const SIGNATURE_TYPE = 'atomic container signature';

/** What a signature claims, before anything about it has been checked. */
export interface UntrustedSignature {
  readonly dockerManifestDigest: string;
  readonly dockerReference: string;
  readonly creator?: string;
  /** Seconds since the epoch. */
  readonly timestamp?: number;
}

/** A signature that is not a valid, acceptable simple signing signature. */
export class InvalidSignatureError extends Error {
  override readonly name = 'InvalidSignatureError';
}

/** A JSON string as Go's encoder writes it. */
function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff)
      out += '\\ufffd'; // a lone surrogate; Go writes U+FFFD
    else out += ch;
  }
  return `${out}"`;
}

/** The payload bytes to sign, key order and escaping exactly as containers/image produces them. */
export function createSignaturePayload(sig: UntrustedSignature): Uint8Array {
  if (sig.dockerManifestDigest === '' || sig.dockerReference === '') {
    throw new InvalidSignatureError('Unexpected empty signature content');
  }
  const optional: string[] = [];
  if (sig.creator !== undefined) optional.push(`"creator":${goString(sig.creator)}`);
  if (sig.timestamp !== undefined) optional.push(`"timestamp":${Math.trunc(sig.timestamp)}`);
  const json =
    `{"critical":{"identity":{"docker-reference":${goString(sig.dockerReference)}},` +
    `"image":{"docker-manifest-digest":${goString(sig.dockerManifestDigest)}},` +
    `"type":${goString(SIGNATURE_TYPE)}},"optional":{${optional.join(',')}}}`;
  return new TextEncoder().encode(json);
}

type Obj = Record<string, unknown>;

function object(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InvalidSignatureError(`${where}: JSON object expected`);
  }
  return v as Obj;
}

/** containers/image's `ParanoidUnmarshalJSONObjectExactFields`: these keys, all of them, nothing else. */
function exactFields(o: Obj, fields: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!fields.includes(key)) throw new InvalidSignatureError(`Unknown key "${key}"`);
  }
  for (const key of fields) {
    if (!Object.hasOwn(o, key)) throw new InvalidSignatureError(`Key "${key}" missing in a JSON object`);
  }
}

function string(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new InvalidSignatureError(`${key}: expected a string`);
  return v;
}

/**
 * Reads signed payload bytes: exactly `critical` and `optional`; `critical` exactly `type`,
 * `image` and `identity`, each with exactly their one field; an integer `optional.timestamp`.
 *
 * @throws {InvalidSignatureError}
 */
export function parseSignaturePayload(bytes: Uint8Array): UntrustedSignature {
  let doc: unknown;
  try {
    doc = parseJsonDocument(bytes, 'signature payload');
  } catch (err) {
    const why = err instanceof InvalidManifestError ? err.message : String(err);
    throw new InvalidSignatureError(why, { cause: err });
  }
  const top = object(doc, 'signature');
  exactFields(top, ['critical', 'optional']);
  const optional = object(top.optional, 'optional');
  const critical = object(top.critical, 'critical');
  exactFields(critical, ['type', 'image', 'identity']);
  const type = string(critical, 'type');
  if (type !== SIGNATURE_TYPE) throw new InvalidSignatureError(`Unrecognized signature type ${type}`);
  const image = object(critical.image, 'critical.image');
  exactFields(image, ['docker-manifest-digest']);
  const identity = object(critical.identity, 'critical.identity');
  exactFields(identity, ['docker-reference']);

  const out: { -readonly [K in keyof UntrustedSignature]: UntrustedSignature[K] } = {
    dockerManifestDigest: string(image, 'docker-manifest-digest'),
    dockerReference: string(identity, 'docker-reference'),
  };
  if (Object.hasOwn(optional, 'creator')) out.creator = string(optional, 'creator');
  if (Object.hasOwn(optional, 'timestamp')) {
    const ts = optional.timestamp;
    if (typeof ts !== 'number') throw new InvalidSignatureError('timestamp: expected a number');
    if (!Number.isInteger(ts)) throw new InvalidSignatureError('Field optional.timestamp is not an integer');
    out.timestamp = ts;
  }
  return out;
}
