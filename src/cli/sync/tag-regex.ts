/**
 * `images-by-tag-regex`: skopeo matches tags with Go's RE2 `MatchString`, which finds the
 * pattern anywhere in the tag (anchor it to match whole tags). JavaScript's RegExp reads
 * nearly every RE2 pattern the same way; the few RE2-only spellings people use in tag
 * patterns are rewritten first: leading flag groups (`(?i)`), `\A` and `\z`, and POSIX
 * classes such as `[[:digit:]]`.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\t\\n\\v\\f\\r ',
  xdigit: '0-9A-Fa-f',
  word: '0-9A-Za-z_',
  punct: '!-\\/:-@\\[-`{-~',
};

/**
 * Compiles an RE2 tag pattern.
 *
 * @throws when the pattern is invalid (sync logs it and skips the repository).
 */
export function tagRegex(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    const given = lead[1] as string;
    if (given.includes('U'))
      throw new Error(`invalid tag regex "${pattern}": the (?U) flag is not supported`);
    flags = given;
    source = source.slice(lead[0].length);
  }
  source = source
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) return whole;
      if (negate) throw new Error(`invalid tag regex "${pattern}": negated POSIX classes are not supported`);
      return cls;
    });
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new Error(`invalid tag regex "${pattern}": ${(err as Error).message}`);
  }
}
