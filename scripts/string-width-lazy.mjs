// Stands in for `string-width` in the bundle (yargs, cliui, Ink): the package builds an
// Intl.Segmenter when it is imported, and yargs imports two copies of it, ~15 ms of every
// start-up even when no help text is drawn. Printable ASCII, which is what berth's help
// and most of its screens hold, is one column per character; anything else (ANSI escapes,
// wide or combining characters) goes to the real package, loaded on first use.
const ASCII = /^[\x20-\x7e]*$/;
let real;

export default function stringWidth(text, options) {
  if (typeof text === 'string' && ASCII.test(text)) return text.length;
  real ??= require('../node_modules/string-width/index.js').default;
  return real(text, options);
}
