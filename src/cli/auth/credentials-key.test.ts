import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseCredentialsKey } from './credentials-key.js';

describe('parseCredentialsKey', () => {
  it.each([
    { name: 'host', arg: 'quay.io', want: { key: 'quay.io', registry: 'quay.io' } },
    {
      name: 'host and port',
      arg: 'localhost:5000',
      want: { key: 'localhost:5000', registry: 'localhost:5000' },
    },
    {
      name: 'IP and port',
      arg: '127.0.0.1:5000',
      want: { key: '127.0.0.1:5000', registry: '127.0.0.1:5000' },
    },
    { name: 'Docker Hub', arg: 'docker.io', want: { key: 'docker.io', registry: 'docker.io' } },
    {
      name: 'namespace',
      arg: 'quay.io/org',
      want: { key: 'quay.io/org', registry: 'quay.io', namespace: 'org' },
    },
    {
      name: 'deep namespace with port',
      arg: 'localhost:5000/team/app',
      want: { key: 'localhost:5000/team/app', registry: 'localhost:5000', namespace: 'team/app' },
    },
    {
      name: 'Hub namespace is not normalised to library/',
      arg: 'docker.io/vendor',
      want: { key: 'docker.io/vendor', registry: 'docker.io', namespace: 'vendor' },
    },
    { name: 'https URL', arg: 'https://quay.io/v2/', want: { key: 'quay.io', registry: 'quay.io' } },
    {
      name: 'http URL with port',
      arg: 'http://myreg:5000',
      want: { key: 'myreg:5000', registry: 'myreg:5000' },
    },
    {
      name: 'URL with user info',
      arg: 'https://me@myreg:5000/x',
      want: { key: 'myreg:5000', registry: 'myreg:5000' },
    },
  ])('accepts $name', ({ arg, want }) => {
    expect(parseCredentialsKey(arg)).toEqual(want);
  });

  it.each([
    { name: 'a tag', arg: 'quay.io/org:tag', message: 'reference "quay.io/org:tag" contains tag or digest' },
    {
      name: 'a digest',
      arg: `quay.io/org@sha256:${'0'.repeat(64)}`,
      message: `reference "quay.io/org@sha256:${'0'.repeat(64)}" contains tag or digest`,
    },
    { name: 'upper-case path', arg: 'quay.io/Org', message: 'parse reference from "quay.io/Org"' },
    { name: 'no host', arg: 'team/app', message: '"team/app" does not start with a registry host' },
    { name: 'spaces', arg: 'my reg', message: 'invalid registry key' },
    { name: 'empty', arg: '', message: 'invalid registry key' },
  ])('refuses $name', ({ arg, message }) => {
    let err: unknown;
    try {
      parseCredentialsKey(arg);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(message);
  });
});
