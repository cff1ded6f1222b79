/**
 * The `[aliases]` table of registries.conf: short names (`fedora`, `opensuse/leap`) mapped
 * to fully qualified repositories. Validated as containers/image does: a name must not
 * carry a registry, tag or digest; a value must name a registry and carry neither; an
 * empty value removes an alias from an earlier file.
 */
import { isValidRepositoryPath, parseRepository } from '../ref/index.js';
import { InvalidRegistriesConfError, type Table } from './toml-fields.js';

// Docker's rule for a registry component (without the uppercase case: names are lowercase).
const hasRegistry = (first: string) => first.includes('.') || first.includes(':') || first === 'localhost';

function firstComponent(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash < 0 ? undefined : name.slice(0, slash);
}

function hasTag(name: string): boolean {
  return name.lastIndexOf(':') > name.lastIndexOf('/');
}

function shortNameProblem(name: string): string | undefined {
  if (name.includes('@')) return `invalid short name "${name}": must not contain digest`;
  const first = firstComponent(name);
  if (first !== undefined && hasRegistry(first))
    return `invalid short name "${name}": must not contain registry`;
  if (hasTag(name)) return `invalid short name "${name}": must not contain tag`;
  if (!isValidRepositoryPath(name)) return `cannot parse short name: "${name}"`;
  return undefined;
}

/** The alias's repository in full form (`docker.io/library/alpine`), or the reason it is invalid. */
function resolveAlias(value: string): { repository: string } | { problem: string } {
  if (value.includes('@')) return { problem: `invalid alias "${value}": must not contain digest` };
  if (hasTag(value)) return { problem: `invalid alias "${value}": must not contain tag` };
  const first = firstComponent(value);
  if (first === undefined || !hasRegistry(first)) {
    return { problem: `invalid alias "${value}": must contain registry and repository` };
  }
  try {
    const r = parseRepository(value);
    return { repository: `${r.registry}/${r.repository}` };
  } catch (err) {
    return { problem: `parsing alias "${value}": ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Validates an `[aliases]` table and returns name → repository (`null` to remove).
 * @throws {InvalidRegistriesConfError} naming every bad entry.
 */
export function validateAliases(table: Table): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const problems: string[] = [];
  for (const [name, value] of Object.entries(table)) {
    const nameProblem = shortNameProblem(name);
    if (nameProblem) problems.push(nameProblem);
    if (typeof value !== 'string') {
      problems.push(`aliases["${name}"]: expected a string`);
      continue;
    }
    if (value === '') {
      out.set(name, null);
      continue;
    }
    const resolved = resolveAlias(value);
    if ('problem' in resolved) problems.push(resolved.problem);
    else out.set(name, resolved.repository);
  }
  if (problems.length > 0)
    throw new InvalidRegistriesConfError(`validating short-name aliases: ${problems.join('; ')}`);
  return out;
}
