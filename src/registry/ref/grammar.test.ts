import { describe, expect, it } from 'vitest';
import { domainProblem, isValidRepositoryPath, isValidTag, looksLikeDomain } from './grammar.js';

const D256 = `sha256:${'f'.repeat(64)}`;

describe('isValidTag and isValidRepositoryPath', () => {
  const tags = [
    { s: 'latest', ok: true },
    { s: 'v1.2.3-rc_1', ok: true },
    { s: 'Uppercase', ok: true },
    { s: '_x', ok: true },
    { s: 'a'.repeat(128), ok: true },
    { s: 'a'.repeat(129), ok: false },
    { s: '', ok: false },
    { s: '.hidden', ok: false },
    { s: '-x', ok: false },
    { s: '../x', ok: false },
    { s: 'a/b', ok: false },
    { s: 'a:b', ok: false },
    { s: 'tag\n', ok: false },
    { s: 'tag?x=1', ok: false },
    { s: 'tëg', ok: false },
    { s: D256, ok: false },
  ];
  it.each(tags)('tag $s → $ok', ({ s, ok }) => {
    expect(isValidTag(s)).toBe(ok);
  });

  const paths = [
    { s: 'library/alpine', ok: true },
    { s: 'a', ok: true },
    { s: 'a.b_c__d---e/f', ok: true },
    { s: 'a'.repeat(255), ok: true },
    { s: 'a'.repeat(256), ok: false },
    { s: '', ok: false },
    { s: '../etc', ok: false },
    { s: 'a/../b', ok: false },
    { s: 'a//b', ok: false },
    { s: '/a', ok: false },
    { s: 'a/', ok: false },
    { s: 'A/b', ok: false },
    { s: 'a___b', ok: false },
    { s: 'a%2fb', ok: false },
    { s: 'a?b', ok: false },
  ];
  it.each(paths)('path $s → $ok', ({ s, ok }) => {
    expect(isValidRepositoryPath(s)).toBe(ok);
  });
});

describe('domainProblem', () => {
  const cases = [
    { domain: 'ghcr.io', ok: true },
    { domain: 'localhost:5000', ok: true },
    { domain: 'Registry.Example.COM', ok: true },
    { domain: 'xn--7o8h.com', ok: true },
    { domain: '192.168.1.1:443', ok: true },
    { domain: '[2001:db8::1]:5000', ok: true },
    { domain: '[::1]', ok: true },
    { domain: `${'a'.repeat(63)}.com`, ok: true },
    { domain: `${'a'.repeat(64)}.com`, ok: false },
    { domain: `${'a.'.repeat(127)}ab`, ok: false },
    { domain: '', ok: false },
    { domain: 'a_b.com', ok: false },
    { domain: 'a..b', ok: false },
    { domain: 'host:', ok: false },
    { domain: 'host:0', ok: false },
    { domain: 'host:65536', ok: false },
    { domain: 'host:+80', ok: false },
    { domain: '[::1]5000', ok: false },
    { domain: '[::g]', ok: false },
    { domain: '[fe80::1%25eth0]', ok: false },
    { domain: 'user@host', ok: false },
  ];
  it.each(cases)('$domain → $ok', ({ domain, ok }) => {
    expect(domainProblem(domain) === undefined).toBe(ok);
  });
});

describe('looksLikeDomain', () => {
  const cases = [
    { s: 'ghcr.io', want: true },
    { s: 'myreg:5000', want: true },
    { s: 'localhost', want: true },
    { s: 'Foo', want: true },
    { s: 'library', want: false },
    { s: 'user', want: false },
    { s: 'local-host', want: false },
  ];
  it.each(cases)('$s → $want', ({ s, want }) => {
    expect(looksLikeDomain(s)).toBe(want);
  });
});
