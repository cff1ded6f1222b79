import { quoteInput } from '../digest/index.js';

/**
 * A manifest, index or image config failed validation: not JSON, duplicate keys, an
 * ambiguous or unsupported format, or a field with a bad value. The message is one line,
 * names the document and the JSON path, and quotes server-supplied values escaped and cut
 * short, so it is safe to print.
 */
export class InvalidManifestError extends Error {
  override readonly name = 'InvalidManifestError';
  /** `manifest` or `image config`. */
  readonly document: string;
  /** Where the problem is, as a JSON path such as `layers[2].size`; '' for the whole document. */
  readonly path: string;
  /** What is wrong there. */
  readonly reason: string;

  constructor(document: string, path: string, reason: string, options?: ErrorOptions) {
    super(`invalid ${document}: ${path ? `${path}: ` : ''}${reason}`, options);
    this.document = document;
    this.path = path;
    this.reason = reason;
  }
}

/** A platform string such as `linux/arm/v7` could not be parsed. */
export class InvalidPlatformError extends Error {
  override readonly name = 'InvalidPlatformError';
  readonly input: string;

  constructor(input: string, reason: string) {
    super(`invalid platform ${quoteInput(input, 80)}: ${reason}`);
    this.input = input.slice(0, 80);
  }
}
