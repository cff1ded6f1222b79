/**
 * Times as Go prints them, for skopeo-compatible output: `Created` in `inspect` JSON is a
 * `time.Time` marshalled with RFC 3339 nano precision, and templates print a time with
 * `time.String()`. Parsing and the JSON form live with the image config code
 * (`src/registry/manifest/go-time.ts`); the text form is the command line's.
 */
import { type GoTime, goDate, goOffset } from '../../registry/manifest/go-time.js';

export {
  formatRfc3339Nano,
  GO_ZERO_TIME,
  type GoTime,
  parseGoTime,
} from '../../registry/manifest/go-time.js';

/**
 * `time.Time.String()`: `2023-01-02 03:04:05.5 +0200 +0200`. A zero offset is named `UTC`;
 * any other offset has no zone name after parsing, so Go repeats the offset (when the
 * machine's own zone has that offset Go would print its abbreviation; berth does not guess).
 */
export function formatGoTimeString(t: GoTime): string {
  const zone = t.offsetSeconds === 0 ? 'UTC' : goOffset(t, false);
  return `${goDate(t, ' ')} ${goOffset(t, false)} ${zone}`;
}
