/**
 * The platform berth picks from a multi-arch index by default: the machine it runs on,
 * in OCI names, with skopeo's `--override-os/--override-arch/--override-variant` on top.
 */
import { endianness } from 'node:os';
import { normalizePlatform } from './platform.js';
import type { Platform } from './types.js';

/** What Node reports about the machine; injectable so the mapping can be tested on any host. */
export interface NodeHost {
  /** `process.platform`. */
  platform: string;
  /** `process.arch`. */
  arch: string;
  /** `process.config.variables.arm_version`: the ARM version Node was built for, on 32-bit ARM. */
  armVersion?: string | undefined;
  /** `os.endianness()`; decides between ppc64 and ppc64le. */
  endianness?: 'BE' | 'LE';
}

/**
 * Node's `process.platform` → OCI `os`. macOS maps to `linux` on purpose: there are no
 * macOS container images, and everything that runs containers on a Mac runs Linux ones in
 * a VM. skopeo and c/image use Go's `darwin` here and so fail on every Mac until the user
 * passes `--override-os linux` (containers/skopeo#634, #1586, #2531, #2793); berth spares
 * them that. Windows stays `windows`, as there are real Windows images.
 */
const NODE_OS: ReadonlyMap<string, string> = new Map([
  ['darwin', 'linux'],
  ['win32', 'windows'],
  ['cygwin', 'windows'],
  ['sunos', 'solaris'],
]);

/** Node's `process.arch` → Go's GOARCH, which is what OCI platforms use. */
const NODE_ARCH: ReadonlyMap<string, string> = new Map([
  ['x64', 'amd64'],
  ['ia32', '386'],
  ['mipsel', 'mipsle'],
  ['mips64el', 'mips64le'],
]);

/** The platform of a Node host, normalised (`linux/arm64/v8`, `linux/amd64`). */
export function platformFromNode(host: NodeHost): Platform {
  const os = NODE_OS.get(host.platform) ?? host.platform;
  let architecture = NODE_ARCH.get(host.arch) ?? host.arch;
  if (architecture === 'ppc64' && host.endianness !== 'BE') architecture = 'ppc64le';
  // 32-bit ARM: Node only runs on CPUs of at least the version it was built for, so that is a
  // safe lower bound. c/image reads /proc/cpuinfo instead and may find a newer one.
  const version = /^\d+$/.test(host.armVersion ?? '') ? `v${host.armVersion}` : undefined;
  const variant = architecture === 'arm' ? version : undefined;
  return normalizePlatform(variant ? { os, architecture, variant } : { os, architecture });
}

/** The running process as a {@link NodeHost}. */
export function currentHost(): NodeHost {
  const variables = process.config.variables as unknown as Record<string, unknown>;
  const armVersion = variables.arm_version;
  return {
    platform: process.platform,
    arch: process.arch,
    armVersion:
      typeof armVersion === 'string' || typeof armVersion === 'number' ? String(armVersion) : undefined,
    endianness: endianness(),
  };
}

/** skopeo's global `--override-os`, `--override-arch` and `--override-variant`. */
export interface HostPlatformOptions {
  os?: string;
  arch?: string;
  variant?: string;
}

/**
 * The platform to choose from an index: the host's, with overrides. As in c/image, the
 * detected variant is dropped once the architecture is overridden (a host's arm v7 says
 * nothing about an arm64 image), and an explicit variant always wins.
 *
 * @param host defaults to the running process.
 */
export function hostPlatform(opts: HostPlatformOptions = {}, host: NodeHost = currentHost()): Platform {
  const detected = platformFromNode(host);
  const os = opts.os || detected.os;
  const architecture = opts.arch || detected.architecture;
  const variant = opts.variant || (opts.arch ? undefined : detected.variant);
  return normalizePlatform(variant ? { os, architecture, variant } : { os, architecture });
}
