import { escapeUnprintable, quoteInput } from '../digest/quote.js';

/** Inputs are quoted whole up to this length; the longest valid reference is under 800 characters. */
const QUOTE_MAX = 1024;
/** Reasons may embed parts of the input (as containers/image's do), so they are bounded too. */
const REASON_MAX = 2048;

/**
 * A string is not a valid image reference. The message is one line and quotes the input;
 * `reason` alone carries containers/image's wording where it has one (for skopeo-style output).
 */
export class InvalidReferenceError extends Error {
  override readonly name = 'InvalidReferenceError';
  /** The input, cut to 1024 characters. */
  readonly input: string;
  /** Why it was refused, printable and one line. */
  readonly reason: string;

  constructor(input: string, reason: string, options?: { cause?: unknown }) {
    const safe = escapeUnprintable(reason, REASON_MAX);
    super(`invalid reference ${quoteInput(input, QUOTE_MAX)}: ${safe}`, options);
    this.input = input.slice(0, QUOTE_MAX);
    this.reason = safe;
  }
}

/**
 * A `transport:reference` image name (skopeo syntax) could not be parsed.
 * `reason` is the text containers/image gives for the same input (skopeo prints it after
 * `Invalid source name …: ` or `Error parsing image name …: `), made printable and one line.
 * The message is `reason` when that already names the input, else it is prefixed with the
 * quoted input; for an unknown transport it also lists the transports berth knows.
 */
export class InvalidImageNameError extends Error {
  override readonly name = 'InvalidImageNameError';
  /** The input, cut to 1024 characters. */
  readonly input: string;
  readonly reason: string;

  constructor(
    input: string,
    reason: string,
    options?: { cause?: unknown; namesInput?: boolean; hint?: string },
  ) {
    const safe = escapeUnprintable(reason, REASON_MAX);
    const head = options?.namesInput ? safe : `Invalid image name ${quoteInput(input, QUOTE_MAX)}: ${safe}`;
    super(options?.hint ? `${head} (${options.hint})` : head, { cause: options?.cause });
    this.input = input.slice(0, QUOTE_MAX);
    this.reason = safe;
  }
}
