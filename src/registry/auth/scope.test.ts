import { describe, expect, it } from 'vitest';
import { CATALOG_SCOPE, mergeScopes, parseScope, repositoryScope, scopeKey } from './scope.js';
import { createTokenCache, tokenCacheKey } from './token-cache.js';

describe('repositoryScope', () => {
  it.each([
    { name: 'pull', repo: 'library/alpine', actions: ['pull'], want: 'repository:library/alpine:pull' },
    { name: 'pull,push', repo: 'a/b', actions: ['pull', 'push'], want: 'repository:a/b:pull,push' },
    {
      name: 'duplicates removed',
      repo: 'a',
      actions: ['push', 'pull', 'push'],
      want: 'repository:a:push,pull',
    },
  ])('$name', ({ repo, actions, want }) => {
    expect(repositoryScope(repo, actions)).toBe(want);
  });
  it('catalog scope', () => {
    expect(CATALOG_SCOPE).toBe('registry:catalog:*');
    expect(parseScope(CATALOG_SCOPE)).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
  });
});

describe('parseScope', () => {
  it.each([
    {
      name: 'simple',
      s: 'repository:a/b:pull',
      want: { type: 'repository', name: 'a/b', actions: ['pull'] },
    },
    {
      name: 'name with a port',
      s: 'repository:localhost:5000/app:pull,push',
      want: { type: 'repository', name: 'localhost:5000/app', actions: ['pull', 'push'] },
    },
    {
      name: 'resource class',
      s: 'repository(plugin):a:pull',
      want: { type: 'repository(plugin)', name: 'a', actions: ['pull'] },
    },
    { name: 'no actions separator', s: 'repository:a', want: undefined },
    { name: 'empty name', s: 'repository::pull', want: undefined },
    { name: 'empty type', s: ':a:pull', want: undefined },
    { name: 'space', s: 'repository:a b:pull', want: undefined },
    { name: 'control character', s: 'repository:a\n:pull', want: undefined },
    { name: 'empty action', s: 'repository:a:pull,', want: undefined },
    { name: 'too long', s: `repository:${'a'.repeat(600)}:pull`, want: undefined },
  ])('$name', ({ s, want }) => {
    expect(parseScope(s)).toEqual(want);
  });
});

describe('mergeScopes and scopeKey', () => {
  it.each([
    {
      name: 'union of actions on one resource',
      lists: [['repository:a:pull'], ['repository:a:push']],
      want: ['repository:a:pull,push'],
    },
    {
      name: 'resources sorted, actions sorted',
      lists: [['repository:b:push,pull', 'repository:a:pull']],
      want: ['repository:a:pull', 'repository:b:pull,push'],
    },
    {
      name: 'duplicates collapse',
      lists: [['repository:a:pull', 'repository:a:pull']],
      want: ['repository:a:pull'],
    },
    {
      name: 'invalid strings dropped',
      lists: [['garbage', 'repository:a:pull']],
      want: ['repository:a:pull'],
    },
    {
      name: 'different types stay apart',
      lists: [[CATALOG_SCOPE, 'repository:catalog:pull']],
      want: ['registry:catalog:*', 'repository:catalog:pull'],
    },
    { name: 'empty', lists: [[]], want: [] },
  ])('$name', ({ lists, want }) => {
    expect(mergeScopes(...lists)).toEqual(want);
  });

  it('same set in any order or grouping gives the same key', () => {
    const a = scopeKey(['repository:x:pull', 'repository:y:push', 'repository:x:push']);
    const b = scopeKey(['repository:y:push', 'repository:x:push,pull']);
    expect(a).toBe(b);
    expect(scopeKey(['repository:x:pull'])).not.toBe(scopeKey(['repository:x:pull,push']));
    expect(tokenCacheKey('r', ['repository:x:pull'])).not.toBe(tokenCacheKey('r', ['repository:y:pull']));
  });
});

describe('token cache', () => {
  it('honours expiry with a margin, using the injected clock', () => {
    let now = 1_000_000;
    const cache = createTokenCache({ clock: () => now, marginMs: 10_000 });
    cache.set('k', { token: 't', expiresAt: now + 60_000 });
    expect(cache.get('k')?.token).toBe('t');
    now += 49_999;
    expect(cache.get('k')?.token).toBe('t');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps tokens per key and evicts the oldest beyond maxEntries', () => {
    const cache = createTokenCache({ clock: () => 0, maxEntries: 2 });
    cache.set('a', { token: 'A', expiresAt: 1e9 });
    cache.set('b', { token: 'B', expiresAt: 1e9 });
    cache.set('c', { token: 'C', expiresAt: 1e9 });
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.token).toBe('B');
    expect(cache.get('c')?.token).toBe('C');
    cache.delete('b');
    expect(cache.get('b')).toBeUndefined();
    cache.clear();
    expect(cache.get('c')).toBeUndefined();
  });

  it('an infinite expiry (registry token) never expires', () => {
    const cache = createTokenCache({ clock: () => 1e15 });
    cache.set('k', { token: 't', expiresAt: Number.POSITIVE_INFINITY });
    expect(cache.get('k')?.token).toBe('t');
  });
});
