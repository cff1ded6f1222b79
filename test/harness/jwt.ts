import { randomUUID, sign } from 'node:crypto';
import type { TokenScope } from './token-scope.js';

/** Claims distribution's token authenticator reads (docs/spec/auth/jwt.md). */
export interface RegistryClaims {
  iss: string;
  sub: string;
  /** A plain string: distribution 2.8's `ClaimSet.Audience` is a string, not a list. */
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: TokenScope[];
}

/** Options for {@link signRegistryJwt}. */
export interface SignJwtOptions {
  issuer: string;
  audience: string;
  subject: string;
  access: TokenScope[];
  ttlSeconds: number;
  /** RSA private key (PEM). */
  keyPem: string;
  /** Base64 DER of the signing certificate, sent as the single `x5c` entry. */
  certDerBase64: string;
  /** Seconds since the epoch; defaults to now. */
  now?: number;
}

/** Signs an RS256 JWT that distribution accepts: the registry finds the key through `x5c`. */
export function signRegistryJwt(opts: SignJwtOptions): { token: string; claims: RegistryClaims } {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c: [opts.certDerBase64] };
  const claims: RegistryClaims = {
    iss: opts.issuer,
    sub: opts.subject,
    aud: opts.audience,
    exp: now + opts.ttlSeconds,
    // Back-dated a little so a registry whose clock reads slightly behind still accepts it.
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access: opts.access,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('RSA-SHA256', Buffer.from(input), opts.keyPem).toString('base64url');
  return { token: `${input}.${signature}`, claims };
}

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
