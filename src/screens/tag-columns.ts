/**
 * The Tags screen's columns and cells: what enrichment found about a tag, written for a
 * narrow column. Cells are computed for visible rows only.
 */
import { formatSize } from '../components/format-size.js';
import type { Column } from '../components/Table.js';
import type { DigestDetails, Lookup, TagEnrichmentState } from '../store/index.js';

/** Below this width the digest column is left out, so tags keep room. */
const DIGEST_MIN_WIDTH = 100;

/** The columns for a terminal `width` wide; `digest` says whether the DIGEST column is in. */
export function tagColumns(width: number): { columns: Column[]; digest: boolean } {
  const digest = width >= DIGEST_MIN_WIDTH;
  const columns: Column[] = [
    { title: 'TAG', width: 'flex' },
    ...(digest ? [{ title: 'DIGEST', width: 12 }] : []),
    { title: 'PLATFORMS', width: digest ? 16 : 14 },
    { title: 'SIZE', width: 10, align: 'right' as const },
    { title: 'CREATED', width: 10 },
    { title: 'ALIASES', width: 'flex' },
  ];
  return { columns, digest };
}

const pending = (l: Lookup<unknown> | undefined): string | undefined =>
  l === undefined ? '' : l.status === 'loading' ? '…' : l.status === 'error' ? 'error' : undefined;

/** `linux/amd64`, `linux/amd64 +5`, or `-` for an artifact without one. */
export function platformsCell(d: DigestDetails): string {
  const [first, ...rest] = d.platforms;
  if (!first) return '-';
  return rest.length > 0 ? `${first} +${rest.length}` : first;
}

/** `2024-01-02` (UTC). */
export function dateCell(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** Aliases shown before the rest is counted: the column is narrow, and a digest may carry thousands. */
const ALIASES_SHOWN = 6;

/** `= latest, 3, 3.12`, `= a, b, c, d, e, f +120`, or '' when `tag` is alone on its digest. */
export function aliasCell(tag: string, all: readonly string[]): string {
  const shown: string[] = [];
  for (const t of all) {
    if (t === tag) continue;
    if (shown.length === ALIASES_SHOWN) break;
    shown.push(t);
  }
  if (shown.length === 0) return '';
  const rest = all.length - (all.includes(tag) ? 1 : 0) - shown.length;
  return `= ${shown.join(', ')}${rest > 0 ? ` +${rest}` : ''}`;
}

/** The cells after TAG for `tag`, in column order. */
export function tagCells(tag: string, e: TagEnrichmentState, digestColumn: boolean): string[] {
  const d = e.digests.get(tag);
  const waiting = pending(d);
  if (waiting !== undefined || d?.status !== 'ready') {
    return [...(digestColumn ? [waiting ?? ''] : []), waiting ?? '', '', '', ''];
  }
  const digest = d.value;
  const aliases = aliasCell(tag, e.aliases.get(digest) ?? []);
  const short = digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
  const details = e.details.get(digest);
  const notYet = pending(details);
  if (notYet !== undefined || details?.status !== 'ready') {
    return [...(digestColumn ? [short] : []), notYet ?? '', '', '', aliases];
  }
  const v = details.value;
  return [
    ...(digestColumn ? [short] : []),
    platformsCell(v),
    v.size === undefined ? '' : formatSize(v.size),
    dateCell(v.created),
    aliases,
  ];
}
