import { describe, expect, it } from 'vitest';
import { matchesNoProxy, proxyFor } from './proxy-env.js';

describe('matchesNoProxy', () => {
  it.each([
    { name: 'star matches all', noProxy: '*', host: 'reg.example', port: 443, want: true },
    { name: 'exact host', noProxy: 'reg.example', host: 'reg.example', port: 443, want: true },
    {
      name: 'bare name matches subdomains',
      noProxy: 'example.com',
      host: 'reg.example.com',
      port: 443,
      want: true,
    },
    {
      name: 'bare name is not a substring match',
      noProxy: 'example.com',
      host: 'badexample.com',
      port: 443,
      want: false,
    },
    {
      name: 'leading dot matches subdomains',
      noProxy: '.example.com',
      host: 'reg.example.com',
      port: 443,
      want: true,
    },
    {
      name: 'leading dot does not match the apex',
      noProxy: '.example.com',
      host: 'example.com',
      port: 443,
      want: false,
    },
    {
      name: '*. prefix is like a leading dot',
      noProxy: '*.example.com',
      host: 'a.b.example.com',
      port: 443,
      want: true,
    },
    { name: 'case-insensitive', noProxy: 'REG.Example', host: 'reg.example', port: 443, want: true },
    {
      name: 'host:port matches that port',
      noProxy: 'reg.example:5000',
      host: 'reg.example',
      port: 5000,
      want: true,
    },
    {
      name: 'host:port skips other ports',
      noProxy: 'reg.example:5000',
      host: 'reg.example',
      port: 443,
      want: false,
    },
    {
      name: 'list with spaces',
      noProxy: 'a.example, b.example ,c.example',
      host: 'b.example',
      port: 443,
      want: true,
    },
    { name: 'empty entries ignored', noProxy: ',,', host: 'reg.example', port: 443, want: false },
    { name: 'IPv4 literal', noProxy: '10.1.2.3', host: '10.1.2.3', port: 443, want: true },
    { name: 'IPv4 literal is exact', noProxy: '10.1.2.3', host: '10.1.2.30', port: 443, want: false },
    { name: 'IPv4 CIDR inside', noProxy: '10.0.0.0/8', host: '10.200.0.1', port: 443, want: true },
    { name: 'IPv4 CIDR outside', noProxy: '10.0.0.0/8', host: '11.0.0.1', port: 443, want: false },
    { name: 'CIDR does not match names', noProxy: '10.0.0.0/8', host: 'reg.example', port: 443, want: false },
    { name: 'IPv6 literal vs bracketed host', noProxy: 'fd00::1', host: '[fd00::1]', port: 443, want: true },
    { name: 'bracketed IPv6 with port', noProxy: '[fd00::1]:5000', host: 'fd00::1', port: 5000, want: true },
    { name: 'IPv6 CIDR', noProxy: 'fd00::/8', host: 'fd12::5', port: 443, want: true },
    { name: 'trailing dot of an FQDN', noProxy: 'reg.example', host: 'reg.example.', port: 443, want: true },
  ])('$name', ({ noProxy, host, port, want }) => {
    expect(matchesNoProxy(noProxy, host, port)).toBe(want);
  });
});

describe('proxyFor', () => {
  const https = (hostname: string, port = '') => ({ protocol: 'https:', hostname, port });
  const http = (hostname: string, port = '') => ({ protocol: 'http:', hostname, port });
  it.each([
    { name: 'no proxy configured', target: https('reg.example'), env: {}, want: undefined },
    {
      name: 'HTTPS_PROXY for https',
      target: https('reg.example'),
      env: { HTTPS_PROXY: 'http://p:3128' },
      want: 'http://p:3128/',
    },
    {
      name: 'lower-case https_proxy',
      target: https('reg.example'),
      env: { https_proxy: 'http://p:3128' },
      want: 'http://p:3128/',
    },
    {
      name: 'upper case wins, as in Go',
      target: https('reg.example'),
      env: { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' },
      want: 'http://upper:1/',
    },
    {
      name: 'HTTP_PROXY is not used for https',
      target: https('reg.example'),
      env: { HTTP_PROXY: 'http://p:3128' },
      want: undefined,
    },
    {
      name: 'HTTP_PROXY for http',
      target: http('reg.example'),
      env: { HTTP_PROXY: 'http://p:3128' },
      want: 'http://p:3128/',
    },
    {
      name: 'scheme defaults to http',
      target: https('reg.example'),
      env: { HTTPS_PROXY: 'p.corp:8080' },
      want: 'http://p.corp:8080/',
    },
    {
      name: 'loopback never proxied',
      target: https('127.0.0.1', '5000'),
      env: { HTTPS_PROXY: 'http://p:1' },
      want: undefined,
    },
    {
      name: 'localhost never proxied',
      target: https('localhost'),
      env: { HTTPS_PROXY: 'http://p:1' },
      want: undefined,
    },
    {
      name: 'IPv6 loopback never proxied',
      target: https('[::1]'),
      env: { HTTPS_PROXY: 'http://p:1' },
      want: undefined,
    },
    {
      name: 'NO_PROXY exempts',
      target: https('reg.internal'),
      env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.internal' },
      want: undefined,
    },
    {
      name: 'NO_PROXY port uses the default port',
      target: https('reg.example'),
      env: { HTTPS_PROXY: 'http://p:1', no_proxy: 'reg.example:443' },
      want: undefined,
    },
    {
      name: 'NO_PROXY other port still proxied',
      target: https('reg.example', '5000'),
      env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'reg.example:443' },
      want: 'http://p:1/',
    },
  ])('$name', ({ target, env, want }) => {
    expect(proxyFor(target, env)?.href).toBe(want);
  });

  it.each([
    { name: 'socks is not supported', value: 'socks5://p:1080', message: /unsupported proxy scheme/ },
    { name: 'unparseable', value: 'http://[bad', message: /invalid proxy URL/ },
  ])('refuses a proxy it cannot use: $name', ({ value, message }) => {
    expect(() => proxyFor(https('reg.example'), { HTTPS_PROXY: value })).toThrow(message);
  });
});
