/**
 * The requirement objects of policy.json, read as strictly as containers/image reads them
 * (`signature/policy_config.go`): an unknown type, an unknown or duplicate field, or a
 * missing one rejects the whole file, because a misread policy is a security hole.
 */
import { type SignedIdentity, signedIdentityProblem } from './reference-match.js';

/** `signedBy.keyType`; only `GPGKeys` can be evaluated (as in containers/image). */
export type SignedByKeyType = 'GPGKeys' | 'signedByGPGKeys' | 'X509Certificates' | 'signedByX509CAs';
const KEY_TYPES: readonly string[] = ['GPGKeys', 'signedByGPGKeys', 'X509Certificates', 'signedByX509CAs'];

export type PolicyRequirement =
  | { readonly type: 'insecureAcceptAnything' }
  | { readonly type: 'reject' }
  | {
      readonly type: 'signedBy';
      readonly keyType: SignedByKeyType;
      /** Exactly one of keyPath, keyPaths and keyData is set. */
      readonly keyPath?: string;
      readonly keyPaths?: readonly string[];
      readonly keyData?: Uint8Array;
      readonly signedIdentity: SignedIdentity;
    }
  /** Accepted by containers/image without checking anything (it is not implemented there). */
  | { readonly type: 'signedBaseLayer' }
  /** Read but not evaluated: berth refuses images whose policy needs it. */
  | { readonly type: 'sigstoreSigned' };

/** policy.json is malformed; the message says where and what. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
}

type Obj = Record<string, unknown>;
const fail = (msg: string) => new InvalidPolicyError(msg);

export function asObject(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(`${what}: JSON object expected`);
  return v as Obj;
}

/** Only `allowed` keys; with `required`, each of those must be present. */
export function checkKeys(o: Obj, allowed: readonly string[], required: readonly string[] = []): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) throw fail(`Unknown key "${key}"`);
  for (const key of required) if (!Object.hasOwn(o, key)) throw fail(`Key "${key}" missing in a JSON object`);
}

function str(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw fail(`${key}: expected a string`);
  return v;
}

/** Go's encoding/json reads []byte as standard, padded base64. */
function base64(o: Obj, key: string): Uint8Array {
  const v = str(o, key).replace(/[\r\n]/g, '');
  if (v.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw fail(`${key}: illegal base64 data`);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

function readSignedIdentity(v: unknown): SignedIdentity {
  const o = asObject(v, 'signedIdentity');
  const type = o.type;
  let id: SignedIdentity;
  switch (type) {
    case 'matchExact':
    case 'matchRepoDigestOrExact':
    case 'matchRepository':
      checkKeys(o, ['type'], ['type']);
      id = { type };
      break;
    case 'exactReference':
      checkKeys(o, ['type', 'dockerReference'], ['type', 'dockerReference']);
      id = { type, dockerReference: str(o, 'dockerReference') };
      break;
    case 'exactRepository':
      checkKeys(o, ['type', 'dockerRepository'], ['type', 'dockerRepository']);
      id = { type, dockerRepository: str(o, 'dockerRepository') };
      break;
    case 'remapIdentity':
      checkKeys(o, ['type', 'prefix', 'signedPrefix'], ['type', 'prefix', 'signedPrefix']);
      id = { type, prefix: str(o, 'prefix'), signedPrefix: str(o, 'signedPrefix') };
      break;
    default:
      throw fail(`Unknown policy reference match type "${String(type ?? '')}"`);
  }
  const problem = signedIdentityProblem(id);
  if (problem) throw fail(problem);
  return id;
}

function readSignedBy(o: Obj): PolicyRequirement {
  checkKeys(o, ['type', 'keyType', 'keyPath', 'keyPaths', 'keyData', 'signedIdentity']);
  const keyType = o.keyType === undefined ? '' : str(o, 'keyType');
  if (!KEY_TYPES.includes(keyType)) throw fail(`invalid keyType "${keyType}"`);
  const sources = ['keyPath', 'keyPaths', 'keyData'].filter((k) => Object.hasOwn(o, k));
  if (sources.length === 0)
    throw fail('Exactly one of keyPath, keyPaths and keyData must be specified, none of them present');
  if (sources.length > 1)
    throw fail('Exactly one of keyPath, keyPaths and keyData must be specified, more than one present');
  const signedIdentity: SignedIdentity =
    o.signedIdentity === undefined
      ? { type: 'matchRepoDigestOrExact' }
      : readSignedIdentity(o.signedIdentity);
  const base = { type: 'signedBy' as const, keyType: keyType as SignedByKeyType, signedIdentity };
  if (sources[0] === 'keyPath') {
    const keyPath = str(o, 'keyPath');
    if (keyPath === '') throw fail('exactly one of keyPath, keyPaths and keyData must be specified');
    return { ...base, keyPath };
  }
  if (sources[0] === 'keyPaths') {
    const list = o.keyPaths;
    if (!Array.isArray(list) || !list.every((p): p is string => typeof p === 'string')) {
      throw fail('keyPaths: expected an array of strings');
    }
    return { ...base, keyPaths: list };
  }
  return { ...base, keyData: base64(o, 'keyData') };
}

/**
 * Reads one requirement object.
 * @throws {InvalidPolicyError} for an unknown type or any malformed field.
 */
export function readRequirement(v: unknown): PolicyRequirement {
  const o = asObject(v, 'policy requirement');
  const type = o.type;
  switch (type) {
    case 'insecureAcceptAnything':
    case 'reject':
      checkKeys(o, ['type'], ['type']);
      return { type };
    case 'signedBy':
      return readSignedBy(o);
    case 'signedBaseLayer': {
      checkKeys(o, ['type', 'baseLayerIdentity'], ['type', 'baseLayerIdentity']);
      readSignedIdentity(o.baseLayerIdentity);
      return { type };
    }
    case 'sigstoreSigned':
      // Its many shapes are not checked: berth refuses to evaluate it at all.
      return { type };
    default:
      throw fail(`Unknown policy requirement type "${String(type ?? '')}"`);
  }
}

/** A non-empty array of requirements. */
export function readRequirements(v: unknown): PolicyRequirement[] {
  if (!Array.isArray(v)) throw fail('policy requirements: JSON array expected');
  if (v.length === 0) throw fail('List of verification policy requirements must not be empty');
  return v.map(readRequirement);
}
