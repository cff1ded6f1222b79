/**
 * The `berth` command lines that do what the Image screen shows, so a user can take a view
 * to a script: `berth inspect NAME` and `berth copy NAME DESTINATION`. A manifest inside an
 * index is named by digest on a registry; local layouts cannot name one, so the commands
 * select it by platform with berth's global `--override-*` flags, as skopeo does.
 */
import type { Digest } from '../registry/digest/index.js';
import type { Platform } from '../registry/manifest/index.js';
import { formatImageName, type ImageName, withDigest } from '../registry/ref/index.js';

/** The command lines for one image. */
export interface ImageCommands {
  inspect: string;
  copy: string;
}

/** What the commands are for. */
export interface ImageCommandInput {
  name: ImageName;
  /** A manifest of the index `name` points at. */
  digest?: Digest;
  /** The platform of that manifest (local transports select it by platform). */
  platform?: Platform;
  /** Whether the image is an index (copy takes every platform). */
  isIndex?: boolean;
}

/** The placeholder for the destination the user fills in. */
export const DESTINATION_PLACEHOLDER = 'DESTINATION';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes `s` for a POSIX shell when it needs quoting. */
export function shellQuote(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The command lines for `input`. */
export function imageCommands(input: ImageCommandInput): ImageCommands {
  const { name, digest, platform } = input;
  let target = name;
  const global: string[] = [];
  if (digest && name.transport === 'docker') {
    target = { transport: 'docker', ref: withDigest(name.ref, digest) };
  } else if (digest && platform) {
    global.push('--override-os', platform.os, '--override-arch', platform.architecture);
    if (platform.variant) global.push('--override-variant', platform.variant);
  }
  const prefix = ['berth', ...global].map(shellQuote).join(' ');
  const quoted = shellQuote(formatImageName(target));
  return {
    inspect: `${prefix} inspect ${quoted}`,
    copy: `${prefix} copy ${input.isIndex && !digest ? '--all ' : ''}${quoted} ${DESTINATION_PLACEHOLDER}`,
  };
}
