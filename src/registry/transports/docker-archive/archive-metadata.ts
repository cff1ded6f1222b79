/**
 * The metadata files of a docker-archive as containers/image writes them: `manifest.json`,
 * `repositories`, and the legacy per-layer directories (`<id>/layer.tar` → the layer file,
 * `<id>/VERSION`, `<id>/json`) that Docker before 1.10 loads. Layer ids are computed the
 * way c/image computes them (a chain over the diff_ids, hashed together with the top
 * layer's config fields), so berth writes the same archive skopeo does for the same image.
 */
import { type Digest, digestHex, digestOf } from '../../digest/index.js';
import { formatReference, type Reference } from '../../ref/index.js';
import { goCompact, goObject, goString, rawMembers } from './go-json.js';

/** Config fields copied into the top layer's legacy `json`, in c/image's list. */
const TOP_LAYER_FIELDS = [
  'architecture',
  'config',
  'container',
  'container_config',
  'created',
  'docker_version',
  'os',
];

/** One legacy layer directory. */
export interface LegacyLayer {
  /** The directory name: a hex id. */
  id: string;
  /** The layer file it links to (`<diff_id hex>.tar`). */
  layerFile: string;
  /** The contents of `<id>/json`. */
  json: string;
}

/** Where a layer with this diff_id is stored in the archive. */
export function layerFileName(diffID: Digest): string {
  return `${digestHex(diffID)}.tar`;
}

/** Where a config with this digest is stored in the archive. */
export function configFileName(digest: Digest): string {
  return `${digestHex(digest)}.json`;
}

/**
 * The legacy directories for an image's layers, base layer first. `configText` is the
 * image config; the top layer copies some of its fields verbatim (as `json.RawMessage`).
 */
export function legacyLayers(diffIDs: readonly Digest[], configText: string): LegacyLayer[] {
  const members = rawMembers(configText);
  const out: LegacyLayer[] = [];
  let chainID: Digest | undefined;
  let parent = '';
  for (const [i, diffID] of diffIDs.entries()) {
    const fields: [string, string][] = [];
    if (parent) fields.push(['parent', goString(parent)]);
    if (i === diffIDs.length - 1) {
      for (const key of TOP_LAYER_FIELDS) {
        const raw = members.get(key);
        fields.push([key, raw === undefined ? 'null' : goCompact(raw)]);
      }
    }
    // Docker's ChainID: the first diff_id, then sha256("<chain> <diff_id>") for each next layer.
    chainID = chainID === undefined ? diffID : digestOf(`${chainID} ${diffID}`);
    const id = digestHex(digestOf(goObject([...fields, ['layer_id', goString(chainID)]])));
    out.push({ id, layerFile: layerFileName(diffID), json: goObject([...fields, ['id', goString(id)]]) });
    parent = id;
  }
  return out;
}

/** `RepoTags` entries: `registry/repository:tag`, the fully qualified form c/image writes. */
export function repoTag(ref: Reference): string {
  return formatReference({ registry: ref.registry, repository: ref.repository, tag: ref.tag ?? 'latest' });
}

/** `manifest.json` for one image. */
export function manifestJson(item: {
  config: string;
  repoTags: readonly string[];
  layers: readonly string[];
}): string {
  const list = (xs: readonly string[]) => `[${xs.map(goString).join(',')}]`;
  return `[{"Config":${goString(item.config)},"RepoTags":${list(item.repoTags)},"Layers":${list(item.layers)}}]`;
}

/**
 * `repositories`: `{"<name>":{"<tag>":"<top layer id>"}}` for each tag; `{}` for an image
 * without tags or layers, as c/image writes it.
 */
export function repositoriesJson(tags: readonly Reference[], topLayerID: string | undefined): string {
  if (topLayerID === undefined) return '{}';
  const byName = new Map<string, Map<string, string>>();
  for (const ref of tags) {
    const name = `${ref.registry}/${ref.repository}`;
    const tagsOf = byName.get(name) ?? new Map<string, string>();
    tagsOf.set(ref.tag ?? 'latest', goString(topLayerID));
    byName.set(name, tagsOf);
  }
  return goObject([...byName].map(([name, t]) => [name, goObject(t)] as const));
}
