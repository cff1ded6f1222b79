/**
 * policy.json enforcement for copy and sync, as skopeo applies it: `--insecure-policy`
 * skips it, `--policy FILE` replaces the usual files, and a source image the policy does
 * not allow fails with `Source image rejected: …`. Unlike skopeo, when no policy.json
 * exists anywhere berth accepts the image (and says so under `--debug`).
 */
import { evaluatePolicy, loadPolicy, type Policy, type PolicyDecision } from '../registry/config/index.js';
import type { ImageName } from '../registry/ref/index.js';
import type { CliContext } from './context.js';

// One load per process: sync checks many images against the same file.
const loaded = new WeakMap<CliContext, Promise<Policy | undefined>>();

/**
 * The policy in force for this command, or `undefined` when every image is accepted
 * (`--insecure-policy`, or no policy.json anywhere). `seams.systemPath` is for tests.
 *
 * @throws when the policy file cannot be read or is malformed (`loading trust policy: …`).
 */
export function commandPolicy(
  ctx: CliContext,
  seams: { systemPath?: string } = {},
): Promise<Policy | undefined> {
  let p = loaded.get(ctx);
  if (!p) {
    p = (async () => {
      if (ctx.globals.insecurePolicy) {
        ctx.debug('policy: --insecure-policy, not checking images');
        return undefined;
      }
      try {
        const found = await loadPolicy({
          ...(ctx.globals.policy ? { path: ctx.globals.policy } : {}),
          env: ctx.env,
          signal: ctx.signal,
          ...(seams.systemPath ? { systemPath: seams.systemPath } : {}),
        });
        if (!found) {
          ctx.debug(
            'policy: no policy.json (~/.config/containers/policy.json, /etc/containers/policy.json); accepting every image',
          );
          return undefined;
        }
        ctx.debug(`policy: using ${found.path}`);
        return found.policy;
      } catch (err) {
        throw new Error('loading trust policy', { cause: err });
      }
    })();
    loaded.set(ctx, p);
  }
  return p;
}

export interface CheckPolicyOptions {
  ctx: CliContext;
  /** The source image as named on the command line. */
  image: ImageName;
  /** The manifest being copied, exactly as read (signatures are checked against it). */
  manifest: Uint8Array;
  /** The source's signatures; called only when a `signedBy` requirement applies. */
  signatures: readonly Uint8Array[] | (() => Promise<readonly Uint8Array[]>);
}

/**
 * Allows the source image or throws `Source image rejected: <reason>` (the cause is a
 * `PolicyRejectedError`). Resolves `undefined` when no policy applies.
 */
export async function checkPolicy(opts: CheckPolicyOptions): Promise<PolicyDecision | undefined> {
  const { ctx } = opts;
  const policy = await commandPolicy(ctx);
  if (!policy) return undefined;
  try {
    return await evaluatePolicy({
      policy,
      image: opts.image,
      manifest: opts.manifest,
      signatures: opts.signatures,
      debug: (m) => ctx.debug(m),
      signal: ctx.signal,
    });
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw new Error('Source image rejected', { cause: err });
  }
}
