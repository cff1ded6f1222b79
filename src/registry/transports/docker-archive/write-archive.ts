import type { FileHandle } from 'node:fs/promises';
import type { Digest } from '../../digest/index.js';
import type { Reference } from '../../ref/index.js';
import {
  configFileName,
  layerFileName,
  legacyLayers,
  manifestJson,
  repositoriesJson,
  repoTag,
} from './archive-metadata.js';
import { TarFileWriter } from './tar-writer.js';

/** What goes into one single-image docker-archive. */
export interface DockerArchiveContents {
  /** Uncompressed layer files in manifest order; a diff_id may repeat (it is stored once). */
  layers: readonly { diffID: Digest; file: string; size: number }[];
  config: { digest: Digest; bytes: Uint8Array };
  /** RepoTags; may be empty. */
  tags: readonly Reference[];
}

/** Files are read-only in the archive, as containers/image writes them. */
const MODE = 0o444;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Writes a complete docker-archive into `handle`, entry for entry in the order skopeo
 * writes it: layers, config, legacy layer directories, `manifest.json`, `repositories`.
 */
export async function writeDockerArchive(opts: {
  handle: FileHandle;
  contents: DockerArchiveContents;
  signal?: AbortSignal;
}): Promise<void> {
  const { handle, contents, signal } = opts;
  const { layers, config, tags } = contents;
  const tar = new TarFileWriter(handle);
  const written = new Set<Digest>();
  for (const layer of layers) {
    if (written.has(layer.diffID)) continue;
    written.add(layer.diffID);
    await tar.addFile({
      name: layerFileName(layer.diffID),
      source: layer.file,
      size: layer.size,
      mode: MODE,
      signal,
    });
  }
  await tar.addBytes({ name: configFileName(config.digest), data: config.bytes, mode: MODE });
  const legacy = legacyLayers(
    layers.map((l) => l.diffID),
    UTF8.decode(config.bytes),
  );
  const seen = new Set<string>();
  for (const l of legacy) {
    if (seen.has(l.id)) continue;
    seen.add(l.id);
    await tar.addSymlink({ name: `${l.id}/layer.tar`, target: `../${l.layerFile}` });
    await tar.addBytes({ name: `${l.id}/VERSION`, data: Buffer.from('1.0'), mode: MODE });
    await tar.addBytes({ name: `${l.id}/json`, data: Buffer.from(l.json, 'utf8'), mode: MODE });
  }
  const manifest = manifestJson({
    config: configFileName(config.digest),
    repoTags: tags.map(repoTag),
    layers: layers.map((l) => layerFileName(l.diffID)),
  });
  await tar.addBytes({ name: 'manifest.json', data: Buffer.from(manifest, 'utf8'), mode: MODE });
  const repositories = repositoriesJson(tags, legacy.at(-1)?.id);
  await tar.addBytes({ name: 'repositories', data: Buffer.from(repositories, 'utf8'), mode: MODE });
  await tar.finish();
}
