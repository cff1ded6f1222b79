// Stands in for `string-width` in the bundle (yargs, cliui, Ink). The package builds an
// Intl.Segmenter when imported (yargs imports two copies: ~15 ms of every start-up), and
// on its first non-ASCII string compiles Unicode property regexes and loads ICU's segmenter
// (~20 ms of the TUI's first frame, whose borders and arrows are not ASCII). Text that is
// only narrow single-width characters (string-width-fast.mjs) is measured by its length;
// anything else goes to the real package, loaded on first use.
import { fastWidth } from './string-width-fast.mjs';

let real;

export default function stringWidth(text, options) {
  const width = fastWidth(text, options);
  if (width !== undefined) return width;
  real ??= require('../node_modules/string-width/index.js').default;
  return real(text, options);
}
