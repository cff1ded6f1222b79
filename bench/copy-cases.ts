import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type RegistryInstance, startRegistry } from '../test/harness/index.js';
import type { BenchContext, Tool } from './context.js';
import { expectLayoutImage, expectRegistryImage } from './verify.js';

/** A run ready to time, and what to check and clean up after it. */
export interface Prepared {
  argv: string[];
  /** Verifies the copy landed, then releases what `prepare` made (outside the timing). */
  done(): Promise<void>;
}

/** A copy benchmark (issue 3): one source and destination shape, timed for every tool. */
export interface CopyCase {
  name: 'reg-reg' | 'reg-oci' | 'oci-reg' | 'mount';
  title: string;
  /**
   * One untimed run per tool before the rounds: skopeo only mounts blobs whose source location its
   * blob-info cache has seen, and that cache is keyed by registry host, which is new every run.
   */
  warmup: boolean;
  prepare(
    ctx: BenchContext,
    image: string,
    tool: Tool,
    round: number,
    nodeFlags?: string[],
  ): Promise<Prepared>;
}

const TAG = 'latest';
const TLS_OFF = ['--src-tls-verify=false', '--dest-tls-verify=false'];

/** `bench/a` for image `A`. */
export function fixtureRepository(image: string): string {
  return `bench/${image.toLowerCase()}`;
}

/** `copy SRC DST` for berth or skopeo. */
function copyArgv(ctx: BenchContext, tool: Tool, src: string, dst: string, nodeFlags?: string[]): string[] {
  const prefix = tool === 'skopeo' ? ['skopeo'] : ctx.berth(nodeFlags);
  return [...prefix, 'copy', ...TLS_OFF, src, dst];
}

function floorArgv(ctx: BenchContext, image: string, args: string[]): string[] {
  const fixture = ctx.images[image]!;
  return ['bash', ctx.floorScript, ...args, TAG, fixture.manifestDigest, ...fixture.blobDigests];
}

/**
 * A fresh destination registry for every run: skopeo remembers where it has seen each blob and
 * would mount from an earlier round's repository instead of uploading. A new registry has a new
 * port, so nothing it remembers applies; starting it is outside the timing.
 */
async function freshRegistry(ctx: BenchContext): Promise<RegistryInstance> {
  return startRegistry({ mode: 'plain', signal: ctx.signal });
}

/** A run into a fresh registry: afterwards the image must be there with its digest, then the registry goes. */
function checkedInto(o: { argv: string[]; dst: RegistryInstance; repo: string; digest: string }) {
  return {
    argv: o.argv,
    async done() {
      try {
        await expectRegistryImage(o.dst, o.repo, TAG, o.digest);
      } finally {
        await o.dst.stop();
      }
    },
  };
}

export const COPY_CASES: CopyCase[] = [
  {
    name: 'reg-reg',
    title: 'registry → registry',
    warmup: false,
    async prepare(ctx, image, tool, _round, nodeFlags?: string[]) {
      const dst = await freshRegistry(ctx);
      const repo = fixtureRepository(image);
      const argv =
        tool === 'floor'
          ? floorArgv(ctx, image, ['reg-reg', ctx.src.url, repo, dst.url, repo])
          : copyArgv(
              ctx,
              tool,
              `docker://${ctx.src.host}/${repo}:${TAG}`,
              `docker://${dst.host}/${repo}:${TAG}`,
              nodeFlags,
            );
      return checkedInto({ argv, dst, repo, digest: ctx.images[image]!.manifestDigest });
    },
  },
  {
    name: 'reg-oci',
    title: 'registry → oci: layout',
    warmup: false,
    async prepare(ctx, image, tool, round, nodeFlags?: string[]) {
      const dir = join(ctx.tmp, `oci-${tool}-${round}-${image}`);
      await rm(dir, { recursive: true, force: true });
      const repo = fixtureRepository(image);
      const argv =
        tool === 'floor'
          ? floorArgv(ctx, image, ['reg-oci', ctx.src.url, repo, dir])
          : copyArgv(ctx, tool, `docker://${ctx.src.host}/${repo}:${TAG}`, `oci:${dir}:${TAG}`, nodeFlags);
      return {
        argv,
        async done() {
          try {
            await expectLayoutImage(dir, TAG, ctx.images[image]!.manifestDigest);
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      };
    },
  },
  {
    name: 'oci-reg',
    title: 'oci: layout → registry',
    warmup: false,
    async prepare(ctx, image, tool, _round, nodeFlags?: string[]) {
      const dst = await freshRegistry(ctx);
      const layout = ctx.ociSources[image]!;
      const repo = fixtureRepository(image);
      const argv =
        tool === 'floor'
          ? floorArgv(ctx, image, ['oci-reg', layout, '-', dst.url, repo])
          : copyArgv(ctx, tool, `oci:${layout}:${TAG}`, `docker://${dst.host}/${repo}:${TAG}`, nodeFlags);
      return checkedInto({ argv, dst, repo, digest: ctx.images[image]!.manifestDigest });
    },
  },
  {
    name: 'mount',
    title: 'same registry, new repository (cross-repo mount)',
    warmup: true,
    async prepare(ctx, image, tool, round, nodeFlags?: string[]) {
      const repo = fixtureRepository(image);
      // A new repository every run, so nothing is "already there".
      const dstRepo = `mount/${tool}-${round}-${Date.now().toString(36)}/${image.toLowerCase()}`;
      const argv =
        tool === 'floor'
          ? floorArgv(ctx, image, ['mount', ctx.src.url, repo, ctx.src.url, dstRepo])
          : copyArgv(
              ctx,
              tool,
              `docker://${ctx.src.host}/${repo}:${TAG}`,
              `docker://${ctx.src.host}/${dstRepo}:${TAG}`,
              nodeFlags,
            );
      return {
        argv,
        done: () => expectRegistryImage(ctx.src, dstRepo, TAG, ctx.images[image]!.manifestDigest),
      };
    },
  },
];
