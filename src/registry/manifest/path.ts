import { quoteInput } from '../digest/index.js';
import { InvalidManifestError } from './errors.js';

/**
 * A problem at a JSON path, thrown by the field readers. The public parsers turn it into an
 * {@link InvalidManifestError} that names the document; keeping the document out of the
 * readers lets the manifest and the config share them.
 */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`${path ? `${path}: ` : ''}${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The path of member `key` inside the object at `path`; odd keys are quoted and escaped. */
export function child(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${quoteInput(key, 40)}]`;
}

/** The path of element `index` of the array at `path`. */
export function item(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Runs a reader and reports its {@link FieldError} as an {@link InvalidManifestError} about `document`. */
export function inDocument<T>(document: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof FieldError) throw new InvalidManifestError(document, err.path, err.reason);
    throw err;
  }
}
