/**
 * What the Image screen shows, as plain rows: the header lines and one section per tab
 * (an index: Platforms, Manifest, Referrers; an image: Overview, History, Layers, Manifest,
 * Config, Referrers). Each row carries the text to copy with `y` and what Enter opens, so
 * the screen only draws rows and dispatches keys. Pure: tested without a terminal.
 */
import type { Digest } from '../registry/digest/index.js';
import {
  type Descriptor,
  formatPlatform,
  type ImageConfig,
  type ParsedImageManifest,
} from '../registry/manifest/index.js';
import type { ImageCommands, InspectedImage } from '../store/index.js';
import { formatSize } from './format-size.js';
import { manifestTypeLabel } from './media-type-label.js';
import type { Column } from './Table.js';

/** What Enter on a row opens. */
export type RowTarget =
  | { kind: 'child'; digest: Digest }
  | { kind: 'layer'; index: number }
  | { kind: 'referrer'; digest: Digest };

/** One row of a section. */
export interface SectionRow {
  /** One cell per column (a single cell when the section has no columns). */
  cells: readonly string[];
  /** What `y` copies; the screen falls back to the inspect command line. */
  copy?: string;
  open?: RowTarget;
}

/** One tab of the Image screen. */
export interface Section {
  id: 'platforms' | 'commands' | 'overview' | 'history' | 'layers' | 'manifest' | 'config' | 'referrers';
  title: string;
  /** Table columns; none: a plain list of lines. */
  columns?: readonly Column[];
  rows: readonly SectionRow[];
  /** Shown when there are no rows. */
  empty: string;
}

const SHORT_DIGEST = 19; // `sha256:` and 12 hex digits, as docker prints image IDs

/** `sha256:0123456789ab`. */
export function shortDigest(d: string): string {
  return d.slice(0, SHORT_DIGEST);
}

/** `2024-05-01 10:00:00`, from RFC 3339 (other text as it is). */
export function formatCreated(created: string | undefined): string {
  if (!created) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(created);
  return m ? `${m[1]} ${m[2]}` : created;
}

/** The lines under the title: digest, media type, and a summary. */
export function imageHeader(image: InspectedImage): string[] {
  const m = image.manifest;
  if (!m) return [];
  const lines = [`digest ${m.digest}`, `type   ${m.mediaType}`];
  if (m.kind === 'index') {
    const n = m.doc.manifests.length;
    lines.push(`index of ${n} manifest${n === 1 ? '' : 's'}`);
  } else if (m.kind === 'schema1') {
    lines.push(`${m.doc.architecture} · ${m.doc.fsLayers.length} layers · Docker schema 1`);
  } else {
    const c = image.config;
    const parts = [
      c
        ? formatPlatform({
            os: c.os,
            architecture: c.architecture,
            ...(c.variant ? { variant: c.variant } : {}),
          })
        : '',
      m.doc.artifactType ? `artifact ${m.doc.artifactType}` : '',
      `${m.doc.layers.length} layer${m.doc.layers.length === 1 ? '' : 's'}`,
      formatSize(m.doc.layers.reduce((n, l) => n + l.size, 0)),
      c?.created ? `created ${formatCreated(c.created)}` : '',
    ];
    lines.push(parts.filter((p) => p !== '').join(' · '));
  }
  return lines;
}

/** The sections of an image that has loaded. */
export function imageSections(image: InspectedImage, commands: ImageCommands): Section[] {
  const m = image.manifest;
  if (!m) return [];
  const referrers = referrersSection(image);
  const manifest = jsonSection('manifest', 'Manifest', m.bytes, 'empty manifest');
  if (m.kind === 'index')
    return [platformsSection(image, m.doc.manifests), commandsSection(commands), manifest, referrers];
  const config = image.configBytes
    ? jsonSection('config', 'Config', image.configBytes, 'empty config')
    : { id: 'config' as const, title: 'Config', rows: [], empty: 'no config blob' };
  if (m.kind === 'schema1') {
    const layers = [...m.doc.fsLayers].reverse().map((l) => ({ mediaType: '', digest: l.blobSum, size: -1 }));
    return [overviewSection(image, commands), layersSection(layers), manifest, config, referrers];
  }
  return [
    overviewSection(image, commands),
    historySection(image.config, m),
    layersSection(m.doc.layers),
    manifest,
    config,
    referrers,
  ];
}

const KEY_VALUE: readonly Column[] = [
  { title: 'FIELD', width: 12 },
  { title: 'VALUE', width: 'flex' },
];

function overviewSection(image: InspectedImage, commands: ImageCommands): Section {
  const rows: SectionRow[] = [];
  const add = (key: string, values: readonly string[]): void => {
    values.forEach((v, i) => {
      rows.push({ cells: [i === 0 ? key : '', v], copy: v });
    });
  };
  const c = image.config?.config;
  if (c) {
    if (c.Entrypoint) add('Entrypoint', [JSON.stringify(c.Entrypoint)]);
    if (c.Cmd) add('Cmd', [JSON.stringify(c.Cmd)]);
    if (c.WorkingDir) add('WorkingDir', [c.WorkingDir]);
    if (c.User) add('User', [c.User]);
    if (c.ExposedPorts) add('ExposedPorts', [Object.keys(c.ExposedPorts).join(', ')]);
    if (c.Volumes) add('Volumes', [Object.keys(c.Volumes).join(', ')]);
    if (c.StopSignal) add('StopSignal', [c.StopSignal]);
    if (c.Env) add('Env', c.Env);
    if (c.Labels)
      add(
        'Labels',
        Object.entries(c.Labels).map(([k, v]) => `${k}=${v}`),
      );
  } else if (image.manifest?.kind === 'image') {
    add('Config', [image.manifest.doc.config.mediaType]);
  }
  if (image.config?.author) add('Author', [image.config.author]);
  add('Inspect', [commands.inspect]);
  add('Copy', [commands.copy]);
  return { id: 'overview', title: 'Overview', columns: KEY_VALUE, rows, empty: '' };
}

function commandsSection(commands: ImageCommands): Section {
  const rows = [
    { cells: ['Inspect', commands.inspect], copy: commands.inspect },
    { cells: ['Copy', commands.copy], copy: commands.copy },
  ];
  return { id: 'commands', title: 'Commands', columns: KEY_VALUE, rows, empty: '' };
}

function historySection(config: ImageConfig | undefined, m: ParsedImageManifest): Section {
  const columns: readonly Column[] = [
    { title: 'CREATED', width: 19 },
    { title: 'SIZE', width: 10, align: 'right' },
    { title: 'CREATED BY', width: 'flex' },
  ];
  const layers = m.doc.layers;
  let next = 0;
  const rows: SectionRow[] = (config?.history ?? []).map((h) => {
    // Each step that made a layer has the next one, in order; empty steps have none.
    const layer = h.empty_layer ? undefined : layers[next++];
    const size = h.empty_layer ? 'empty' : layer ? formatSize(layer.size) : '?';
    const by = (h.created_by ?? h.comment ?? '').replace(/\s+/g, ' ').trim();
    return {
      cells: [formatCreated(h.created), size, by],
      ...(by ? { copy: by } : {}),
      ...(layer ? { open: { kind: 'layer' as const, index: next - 1 } } : {}),
    };
  });
  return { id: 'history', title: 'History', columns, rows, empty: 'the config has no history' };
}

function layersSection(layers: readonly Descriptor[]): Section {
  const columns: readonly Column[] = [
    { title: '#', width: 3, align: 'right' },
    { title: 'DIGEST', width: SHORT_DIGEST },
    { title: 'SIZE', width: 10, align: 'right' },
    { title: 'MEDIA TYPE', width: 'flex' },
  ];
  const rows = layers.map((l, i) => ({
    cells: [String(i + 1), shortDigest(l.digest), l.size < 0 ? '?' : formatSize(l.size), l.mediaType],
    copy: l.digest,
    open: { kind: 'layer' as const, index: i },
  }));
  return { id: 'layers', title: 'Layers', columns, rows, empty: 'no layers' };
}

function platformsSection(image: InspectedImage, manifests: readonly Descriptor[]): Section {
  const columns: readonly Column[] = [
    { title: 'PLATFORM', width: 20 },
    { title: 'DIGEST', width: SHORT_DIGEST },
    { title: 'SIZE', width: 10, align: 'right' },
    { title: 'TYPE', width: 'flex' },
  ];
  const rows = manifests.map((d) => {
    const attestation = d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
    const platform = d.platform ? formatPlatform(d.platform) : 'unknown';
    const size = image.childSizes[d.digest];
    return {
      cells: [
        attestation ? `${platform} (attestation)` : platform,
        shortDigest(d.digest),
        size === undefined ? '…' : formatSize(size),
        manifestTypeLabel(d.mediaType),
      ],
      copy: d.digest,
      open: { kind: 'child' as const, digest: d.digest },
    };
  });
  return { id: 'platforms', title: 'Platforms', columns, rows, empty: 'the index lists no manifests' };
}

function referrersSection(image: InspectedImage): Section {
  const { referrers: r } = image;
  const columns: readonly Column[] = [
    { title: 'ARTIFACT TYPE', width: 'flex' },
    { title: 'DIGEST', width: SHORT_DIGEST },
    { title: 'SIZE', width: 10, align: 'right' },
  ];
  const rows = r.descriptors.map((d) => ({
    cells: [d.artifactType ?? d.mediaType, shortDigest(d.digest), formatSize(d.size)],
    copy: d.digest,
    open: { kind: 'referrer' as const, digest: d.digest },
  }));
  const empty =
    r.status === 'unsupported'
      ? 'referrers are listed for images in registries'
      : r.status === 'error'
        ? `cannot list the referrers: ${r.error?.message ?? 'unknown error'} (r tries again)`
        : r.status === 'ready'
          ? 'no referrers (signatures, SBOMs) point at this image'
          : 'looking for referrers…';
  const count = r.status === 'ready' ? ` ${r.descriptors.length}` : '';
  return { id: 'referrers', title: `Referrers${count}`, columns, rows, empty };
}

/** A document pretty-printed one line per row (as it is, when it is not JSON). */
function jsonSection(id: 'manifest' | 'config', title: string, bytes: Uint8Array, empty: string): Section {
  const text = Buffer.from(bytes).toString('utf8');
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (an artifact's config may be anything): show the text.
  }
  const rows = pretty
    .split('\n')
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((line) => ({ cells: [line], copy: text }));
  return { id, title, rows, empty };
}
