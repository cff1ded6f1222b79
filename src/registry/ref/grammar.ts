import { isIPv6 } from 'node:net';

/*
 * The distribution/reference grammar, written out from its published rules:
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path-component { "/" path-component }
 *   domain     := host [ ":" port ]
 *   host       := domain-label { "." domain-label } | "[" ipv6 "]"
 *   path-component := [a-z0-9]+ { separator [a-z0-9]+ }     separator := "." | "_" | "__" | "-"+
 *   tag        := [\w][\w.-]{0,127}
 *
 * berth is stricter than the grammar in three places: ports must be 1..65535, bracketed
 * IPv6 literals must be real addresses (node:net decides), and DNS lengths (63 per label,
 * 253 per name) are enforced.
 */

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_LITERAL = /^\[([a-fA-F0-9:]+)\]$/;
const PORT = /^[0-9]{1,5}$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** Image IDs look like this; a bare one is refused as a name so it is not pulled by mistake. */
export const IMAGE_ID = /^[a-f0-9]{64}$/;

/** The repository path (without the registry) may be at most this long, as distribution enforces. */
export const MAX_REPOSITORY_LENGTH = 255;
const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** True for a valid tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. Tags may be uppercase. */
export function isValidTag(s: string): boolean {
  return s.length <= 128 && TAG.test(s);
}

/**
 * True for a valid repository path such as `library/alpine` or `team/app/api`: lowercase
 * components joined by `/`, each made of alphanumerics with `.`, `_`, `__` or runs of `-`
 * between them. Paths can never contain `..`, leading `/` or empty components, so a valid
 * path is safe to put into a URL.
 */
export function isValidRepositoryPath(s: string): boolean {
  if (s.length === 0 || s.length > MAX_REPOSITORY_LENGTH) return false;
  return s.split('/').every((c) => PATH_COMPONENT.test(c));
}

/**
 * Explains why `domain` (host with optional `:port`) is not a registry name, or returns
 * undefined when it is one.
 */
export function domainProblem(domain: string): string | undefined {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const end = domain.indexOf(']');
    if (end < 0) return 'invalid reference format: unterminated IPv6 address';
    host = domain.slice(0, end + 1);
    const rest = domain.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return 'invalid reference format';
      port = rest.slice(1);
    }
  } else {
    const colon = domain.indexOf(':');
    if (colon >= 0) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
  }
  const hostProblem = host.startsWith('[') ? ipv6Problem(host) : dnsProblem(host);
  if (hostProblem) return hostProblem;
  if (port !== undefined) {
    if (!PORT.test(port)) return 'invalid reference format: port must be a number';
    const n = Number(port);
    if (n < 1 || n > 65535) return `port ${port} is out of range (1-65535)`;
  }
  return undefined;
}

function ipv6Problem(host: string): string | undefined {
  const m = IPV6_LITERAL.exec(host);
  // The grammar's character class already excludes zone ids (%eth0) and embedded IPv4.
  if (!m || !isIPv6(m[1] ?? '')) return 'invalid reference format: invalid IPv6 address';
  return undefined;
}

function dnsProblem(host: string): string | undefined {
  if (host.length === 0 || host.length > MAX_HOST_LENGTH) return 'invalid reference format';
  for (const label of host.split('.')) {
    if (label.length > MAX_LABEL_LENGTH || !DOMAIN_LABEL.test(label)) return 'invalid reference format';
  }
  return undefined;
}

/**
 * Docker's rule for whether the first component of a familiar name is a registry: it is
 * one if it contains `.` or `:`, is `localhost`, or has an uppercase letter (repository
 * paths never do). Otherwise the name is on Docker Hub.
 */
export function looksLikeDomain(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}
