import { describe, expect, it } from 'vitest';
import { currentHost, hostPlatform, type NodeHost, platformFromNode } from './host-platform.js';
import { formatPlatform } from './platform.js';

describe('platformFromNode', () => {
  const cases: { name: string; host: NodeHost; want: string }[] = [
    { name: 'Linux x64', host: { platform: 'linux', arch: 'x64' }, want: 'linux/amd64' },
    { name: 'Linux arm64', host: { platform: 'linux', arch: 'arm64' }, want: 'linux/arm64/v8' },
    {
      name: 'Linux arm built for v7',
      host: { platform: 'linux', arch: 'arm', armVersion: '7' },
      want: 'linux/arm/v7',
    },
    {
      name: 'Linux arm built for v6 (Raspberry Pi Zero)',
      host: { platform: 'linux', arch: 'arm', armVersion: '6' },
      want: 'linux/arm/v6',
    },
    { name: 'Linux arm with no arm_version', host: { platform: 'linux', arch: 'arm' }, want: 'linux/arm/v7' },
    {
      name: 'Linux arm with a non-numeric arm_version',
      host: { platform: 'linux', arch: 'arm', armVersion: 'default' },
      want: 'linux/arm/v7',
    },
    { name: 'Linux ia32', host: { platform: 'linux', arch: 'ia32' }, want: 'linux/386' },
    {
      name: 'Linux ppc64 little-endian',
      host: { platform: 'linux', arch: 'ppc64', endianness: 'LE' },
      want: 'linux/ppc64le',
    },
    {
      name: 'AIX ppc64 big-endian',
      host: { platform: 'aix', arch: 'ppc64', endianness: 'BE' },
      want: 'aix/ppc64',
    },
    { name: 'Linux s390x', host: { platform: 'linux', arch: 's390x' }, want: 'linux/s390x' },
    { name: 'Linux riscv64', host: { platform: 'linux', arch: 'riscv64' }, want: 'linux/riscv64' },
    { name: 'Linux loong64', host: { platform: 'linux', arch: 'loong64' }, want: 'linux/loong64' },
    { name: 'Linux mipsel', host: { platform: 'linux', arch: 'mipsel' }, want: 'linux/mipsle' },
    {
      name: 'macOS Apple silicon picks Linux images',
      host: { platform: 'darwin', arch: 'arm64' },
      want: 'linux/arm64/v8',
    },
    {
      name: 'macOS Intel picks Linux images',
      host: { platform: 'darwin', arch: 'x64' },
      want: 'linux/amd64',
    },
    { name: 'Windows', host: { platform: 'win32', arch: 'x64' }, want: 'windows/amd64' },
    { name: 'Windows on ARM', host: { platform: 'win32', arch: 'arm64' }, want: 'windows/arm64/v8' },
    { name: 'FreeBSD', host: { platform: 'freebsd', arch: 'x64' }, want: 'freebsd/amd64' },
    { name: 'illumos/Solaris', host: { platform: 'sunos', arch: 'x64' }, want: 'solaris/amd64' },
  ];

  it.each(cases)('$name → $want', ({ host, want }) => {
    expect(formatPlatform(platformFromNode(host))).toBe(want);
  });
});

describe('hostPlatform', () => {
  const armHost: NodeHost = { platform: 'linux', arch: 'arm', armVersion: '6' };
  const cases: { name: string; opts: Parameters<typeof hostPlatform>[0]; want: string }[] = [
    { name: 'no overrides', opts: {}, want: 'linux/arm/v6' },
    { name: '--override-os', opts: { os: 'windows' }, want: 'windows/arm/v6' },
    { name: '--override-variant', opts: { variant: 'v7' }, want: 'linux/arm/v7' },
    { name: '--override-arch drops the detected variant', opts: { arch: 'arm64' }, want: 'linux/arm64/v8' },
    {
      name: '--override-arch arm uses the default variant, not the host one',
      opts: { arch: 'arm' },
      want: 'linux/arm/v7',
    },
    {
      name: '--override-arch with --override-variant',
      opts: { arch: 'arm', variant: 'v5' },
      want: 'linux/arm/v5',
    },
    { name: '--override-arch with an alias', opts: { arch: 'x86_64' }, want: 'linux/amd64' },
    { name: 'all three', opts: { os: 'linux', arch: 'amd64', variant: 'v2' }, want: 'linux/amd64/v2' },
    {
      name: 'empty strings are no override (unset flags)',
      opts: { os: '', arch: '', variant: '' },
      want: 'linux/arm/v6',
    },
  ];

  it.each(cases)('$name → $want', ({ opts, want }) => {
    expect(formatPlatform(hostPlatform(opts, armHost))).toBe(want);
  });

  it('describes the running process', () => {
    const host = currentHost();
    expect(host.platform).toBe(process.platform);
    expect(host.arch).toBe(process.arch);
    expect(hostPlatform()).toEqual(platformFromNode(host));
  });
});
