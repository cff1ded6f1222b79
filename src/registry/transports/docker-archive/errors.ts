/**
 * An image archive (`docker-archive:` or `oci-archive:`) berth refuses to read: not a tar,
 * truncated, ambiguous (two entries with one name), or unsafe (names or links that reach
 * outside the archive, devices, oversized documents). Names from inside the archive are
 * quoted and escaped before they reach the message, so it is safe to print.
 */
export class InvalidArchiveError extends Error {
  override readonly name = 'InvalidArchiveError';
  /** The archive's path as the user gave it. */
  readonly archive: string;
  /** What is wrong, e.g. `duplicate entry "manifest.json"`. */
  readonly reason: string;

  constructor(archive: string, reason: string, options?: ErrorOptions) {
    super(`invalid archive ${archive}: ${reason}`, options);
    this.archive = archive;
    this.reason = reason;
  }
}

/**
 * The archive is readable but holds no image matching the request: a tag not among its
 * RepoTags, an `@N` past the end, or no choice made where several images are stored.
 */
export class ArchiveImageNotFoundError extends Error {
  override readonly name = 'ArchiveImageNotFoundError';
  readonly archive: string;

  constructor(archive: string, reason: string) {
    super(`${archive}: ${reason}`);
    this.archive = archive;
  }
}
