/**
 * Tab completion for the Copy screen's destination, in the order a name is typed: the
 * transport (`docker://`, `oci:` …), then for `docker://` a registry the session knows and
 * the source's repository path (and tag), and for the local transports a path on disk.
 * One candidate is filled in; several fill in what they share and are listed.
 */
import type { ImageName } from '../registry/ref/index.js';
import { TRANSPORT_PREFIXES } from './copy-destination.js';

/** A directory entry, as {@link CompletionContext.listDirectory} gives it. */
export interface DirEntry {
  name: string;
  directory: boolean;
}

/** What completion draws on. */
export interface CompletionContext {
  /** Registries the session knows (`host[:port]`). */
  registries: readonly string[];
  /** The images being copied: their repository paths and tags are offered. */
  sources: readonly ImageName[];
  /** Lists a directory (relative paths from the working directory); absent: no path completion. */
  listDirectory?: (path: string) => Promise<readonly DirEntry[]>;
}

/** The text after completion, and the candidates when there were several. */
export interface Completion {
  text: string;
  candidates: readonly string[];
}

/** Candidates are listed up to this many. */
const MAX_CANDIDATES = 50;

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) {
    while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** Completes `text` from `candidates` (full texts that start with it). */
function pick(text: string, all: readonly string[]): Completion {
  const candidates = [...new Set(all.filter((c) => c.startsWith(text) && c !== text))].sort();
  if (candidates.length === 0) return { text, candidates: [] };
  if (candidates.length === 1) return { text: candidates[0] as string, candidates: [] };
  const prefix = commonPrefix(candidates);
  return {
    text: prefix.length > text.length ? prefix : text,
    candidates: candidates.slice(0, MAX_CANDIDATES),
  };
}

function dockerCandidates(rest: string, ctx: CompletionContext): string[] {
  const slash = rest.indexOf('/');
  if (slash < 0) return ctx.registries.map((r) => `docker://${r}/`);
  const host = rest.slice(0, slash);
  const out: string[] = [];
  for (const s of ctx.sources) {
    if (s.transport !== 'docker') continue;
    const repo = `docker://${host}/${s.ref.repository}`;
    out.push(repo);
    if (s.ref.tag !== undefined) out.push(`${repo}:${s.ref.tag}`);
  }
  return out;
}

async function pathCandidates(prefix: string, path: string, ctx: CompletionContext): Promise<string[]> {
  if (!ctx.listDirectory) return [];
  const cut = path.lastIndexOf('/') + 1;
  const dir = path.slice(0, cut);
  const base = path.slice(cut);
  let entries: readonly DirEntry[];
  try {
    entries = await ctx.listDirectory(dir === '' ? '.' : dir);
  } catch {
    // A directory that cannot be read has nothing to offer; typing goes on.
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => `${prefix}${dir}${e.name}${e.directory ? '/' : ''}`);
}

/** Completes the destination `text` (the whole field). */
export async function completeDestination(text: string, ctx: CompletionContext): Promise<Completion> {
  const transport = TRANSPORT_PREFIXES.find((p) => text.startsWith(p));
  if (!transport) return pick(text, TRANSPORT_PREFIXES);
  const rest = text.slice(transport.length);
  if (transport === 'docker://') return pick(text, dockerCandidates(rest, ctx));
  // oci:path[:image]: once an image is being typed, the path is done.
  if (rest.includes(':')) return { text, candidates: [] };
  return pick(text, await pathCandidates(transport, rest, ctx));
}
