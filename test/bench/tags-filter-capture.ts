/**
 * Real terminal output for the bench's pty helpers: what `bench/tui-case.ts` reads while it types
 * a filter, recorded once from dist/berth.mjs under util-linux `script` (see `captured` in the
 * JSON). Kept as recorded so the tests see Ink's real escape sequences, not ones we imagined.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The output after one key, up to the next key. */
export interface CapturedKey {
  key: string;
  /** The filter after the key. */
  filter: string;
  /** The match count the frame shows. */
  matches: number;
  /** Raw bytes the terminal received, escape sequences included. */
  output: string;
}

/** One session on the Tags screen of a `tags`-tag repository. */
export interface TagsFilterCapture {
  captured: string;
  columns: number;
  rows: number;
  tags: number;
  /** Raw output from the start until every tag was listed and the output settled. */
  listed: string;
  keys: CapturedKey[];
}

export const tagsFilterCapture: TagsFilterCapture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'tags-filter-pty.json'), 'utf8'),
);
