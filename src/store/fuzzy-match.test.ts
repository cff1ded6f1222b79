import { describe, expect, it } from 'vitest';
import { createNarrowingFilter, fuzzyPositions, fuzzyRank, matchesTerms, queryTerms } from './fuzzy-match.js';

describe('matchesTerms', () => {
  it.each([
    { name: 'subsequence', text: '3.12.1-slim-bookworm', query: '312slim', want: true },
    { name: 'case-insensitive', text: 'latest', query: 'LaT', want: true },
    { name: 'order matters', text: 'slim-3', query: '3slim', want: false },
    { name: 'every term', text: '3.12.1-slim', query: '3.12 slim', want: true },
    { name: 'a term missing', text: '3.12.1-slim', query: '3.12 alpine', want: false },
    { name: 'blank matches all', text: 'x', query: '  ', want: true },
  ])('$name', ({ text, query, want }) => {
    expect(matchesTerms(text.toLowerCase(), queryTerms(query))).toBe(want);
  });
});

describe('createNarrowingFilter', () => {
  const names = ['3.12.1', '3.12.1-slim', '3.11-alpine', 'latest', 'slim'];
  const lower = names.map((n) => n.toLowerCase());
  const order = [4, 3, 2, 1, 0];

  it('keeps the order, narrows as the query grows and widens again on backspace', () => {
    const f = createNarrowingFilter();
    expect(f.filter(order, lower, '')).toBe(order);
    expect(f.filter(order, lower, 's')).toEqual([4, 3, 1]);
    expect(f.filter(order, lower, 'sl')).toEqual([4, 1]);
    expect(f.filter(order, lower, 'sl 3')).toEqual([1]);
    expect(f.filter(order, lower, 's')).toEqual([4, 3, 1]);
  });

  it('forgets remembered results when the order changes', () => {
    const f = createNarrowingFilter();
    expect(f.filter(order, lower, 'slim')).toEqual([4, 1]);
    expect(f.filter([0, 1, 2, 3, 4], lower, 'slim')).toEqual([1, 4]);
  });
});

describe('fuzzyRank', () => {
  it('ranks the best match first and reports the matched characters', () => {
    const items = ['team/nginx-proxy', 'library/nginx', 'other/ng-in-x'];
    const ranked = fuzzyRank(items, 'nginx');
    expect(ranked.map((r) => items[r.index])).toEqual(['library/nginx', 'team/nginx-proxy', 'other/ng-in-x']);
    expect([...(ranked[0]?.positions ?? [])].sort((a, b) => a - b)).toEqual([8, 9, 10, 11, 12]);
  });

  it('needs every term', () => {
    expect(fuzzyRank(['a/web', 'b/web', 'a/db'], 'a web').map((r) => r.index)).toEqual([0]);
  });
});

describe('fuzzyPositions', () => {
  it.each([
    { text: '3.12.1-slim', query: 'slim', want: [7, 8, 9, 10] },
    { text: '3.12.1-slim', query: '3 slim', want: [0, 7, 8, 9, 10] },
    { text: '3.12.1-slim', query: 'alpine', want: [] },
  ])('$text / $query', ({ text, query, want }) => {
    expect([...fuzzyPositions(text, query)].sort((a, b) => a - b)).toEqual(want);
  });
});
