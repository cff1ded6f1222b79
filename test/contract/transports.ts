/**
 * The transports the contract suite runs over, one factory each (undici's factory loop):
 * how to name a fresh image, how to open it as a source and as a destination, and what it
 * keeps of an image. A case that needs a capability not every transport has (a manifest
 * type, indexes, keeping the manifest as written, blobs that outlive a write, files on disk
 * to tamper with) asks the factory, so no case is ever skipped: it is only not generated
 * for transports that cannot do it, and the factory's fields say why.
 *
 * | transport      | manifests accepted              | keeps the manifest | layers stored |
 * | -------------- | ------------------------------- | ------------------ | ------------- |
 * | docker         | OCI and Docker, images, indexes | yes                | as given      |
 * | oci            | OCI only (as skopeo writes it)  | yes                | as given      |
 * | dir            | OCI and Docker, images, indexes | yes                | as given      |
 * | oci-archive    | OCI only (as skopeo writes it)  | yes                | as given      |
 * | docker-archive | single images of either family  | no: rebuilt        | uncompressed  |
 */
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Digest, digestHex } from '../../src/registry/digest/index.js';
import { MEDIA_TYPES } from '../../src/registry/manifest/index.js';
import { type ImageName, parseReference } from '../../src/registry/ref/index.js';
import type { RegistryClient } from '../../src/registry/remote/index.js';
import { openDirDestination, openDirSource } from '../../src/registry/transports/dir/index.js';
import { DockerDestination, DockerSource } from '../../src/registry/transports/docker/docker-transport.js';
import {
  ArchiveReader,
  openDockerArchiveDestination,
  openDockerArchiveSource,
} from '../../src/registry/transports/docker-archive/index.js';
import {
  layoutBlobPath,
  openOciLayoutDestination,
  openOciLayoutSource,
} from '../../src/registry/transports/oci/index.js';
import {
  openOciArchiveDestination,
  openOciArchiveSource,
} from '../../src/registry/transports/oci-archive/index.js';
import type { ImageDestination, ImageSource } from '../../src/registry/transports/types.js';
import type { RegistryInstance } from '../harness/index.js';

/** What a factory may use; `tmp` is fresh for every test. */
export interface ContractEnv {
  tmp: string;
  registry: RegistryInstance;
  client: RegistryClient;
}

export interface TransportFactory {
  name: string;
  /**
   * Manifest media types a destination accepts (its `supportedManifestTypes`); `putManifest`
   * refuses any other with an error matching {@link refusal}, and the copy engine converts
   * to the other family instead. `oci` and `oci-archive` take OCI only, because skopeo
   * cannot select a Docker manifest in a layout by name; docker-archive takes no index.
   */
  manifestTypes: readonly string[];
  /** How `putManifest` words the refusal of a type outside {@link manifestTypes}. */
  refusal?: RegExp;
  /**
   * Whether the manifest is stored as written, so a round trip keeps its digest. False for
   * docker-archive: it stores only the config and the layers, and its source serves a Docker
   * schema 2 manifest built over them (see `rebuiltImage`), so cases compare the config
   * bytes, diff_ids and layer bytes, and pairings check that other transports keep that
   * built manifest exactly.
   */
  preservesManifest: boolean;
  /** Whether compressed layers are stored decompressed (docker-archive, as `docker load` wants). */
  storesUncompressed: boolean;
  /** The tags the source's `listTags` reports after an image was written at `name`; omit for transports without tags. */
  tags?(name: ImageName): string[];
  /** Whether the blobs of a committed image are seen by `hasBlob` of a later destination at the same name. */
  blobsPersist: boolean;
  /** Images live in files under `env.tmp`, so leftovers of a failed or aborted write can be looked for. */
  local: boolean;
  /** Changes one byte of a stored blob (for the case that reads tampered content); omit if impossible. */
  tamperBlob?(env: ContractEnv, name: ImageName, digest: Digest): Promise<void>;
  /** Where a blob is a file of its own, which must be refused when it is a symlink; omit otherwise. */
  blobFile?(env: ContractEnv, name: ImageName, digest: Digest): string;
  /** A name no other test uses, for an image labelled `label`. */
  makeName(env: ContractEnv, label: string): ImageName;
  openSource(env: ContractEnv, name: ImageName): Promise<ImageSource>;
  openDestination(env: ContractEnv, name: ImageName): Promise<ImageDestination>;
}

/** Every manifest type the suite writes. */
export const ALL_V2_TYPES = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
] as const;
const OCI_TYPES = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex] as const;

function nameOf<T extends ImageName['transport']>(
  name: ImageName,
  t: T,
): Extract<ImageName, { transport: T }> {
  if (name.transport !== t) throw new Error(`expected a ${t} name, got ${name.transport}`);
  return name as Extract<ImageName, { transport: T }>;
}

let counter = 0;

/** Flips one bit in the middle of a file, keeping its size. */
export async function flipByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  bytes[bytes.length >> 1]! ^= 0x01;
  await writeFile(file, bytes);
}

const docker: TransportFactory = {
  name: 'docker',
  manifestTypes: ALL_V2_TYPES,
  preservesManifest: true,
  storesUncompressed: false,
  // Every name is a repository of its own, holding that one tag.
  tags: (name) => [nameOf(name, 'docker').ref.tag!],
  blobsPersist: true,
  local: false,
  // distribution's filesystem driver serves blob files as they are on disk.
  tamperBlob: (env, _name, digest) => {
    const hex = digestHex(digest);
    return flipByte(
      join(env.registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data'),
    );
  },
  makeName: (env, label) => ({
    transport: 'docker',
    ref: parseReference(`${env.registry.host}/contract/${label}-${++counter}:v1`),
  }),
  openSource: async (env, name) => new DockerSource({ ref: nameOf(name, 'docker').ref, client: env.client }),
  openDestination: async (env, name) =>
    new DockerDestination({ ref: nameOf(name, 'docker').ref, client: env.client }),
};

const oci: TransportFactory = {
  name: 'oci',
  manifestTypes: OCI_TYPES,
  refusal: /^an OCI layout stores OCI manifests only, not "application\/vnd\.docker\./,
  preservesManifest: true,
  storesUncompressed: false,
  blobsPersist: true,
  local: true,
  tamperBlob: (_env, name, digest) => flipByte(layoutBlobPath(nameOf(name, 'oci').path, digest)),
  blobFile: (_env, name, digest) => layoutBlobPath(nameOf(name, 'oci').path, digest),
  // Every image of a test shares one layout, under its own name.
  makeName: (env, label) => ({
    transport: 'oci',
    path: join(env.tmp, 'layout'),
    image: `${label}-${++counter}`,
  }),
  openSource: (_env, name) => openOciLayoutSource(nameOf(name, 'oci')),
  openDestination: (_env, name) => openOciLayoutDestination(nameOf(name, 'oci')),
};

const dir: TransportFactory = {
  name: 'dir',
  manifestTypes: ALL_V2_TYPES,
  preservesManifest: true,
  storesUncompressed: false,
  blobsPersist: true,
  local: true,
  tamperBlob: (_env, name, digest) => flipByte(join(nameOf(name, 'dir').path, digestHex(digest))),
  blobFile: (_env, name, digest) => join(nameOf(name, 'dir').path, digestHex(digest)),
  makeName: (env, label) => ({ transport: 'dir', path: join(env.tmp, `${label}-${++counter}`) }),
  openSource: (_env, name) => openDirSource(nameOf(name, 'dir')),
  openDestination: (_env, name) => openDirDestination(nameOf(name, 'dir')),
};

/** Flips one bit in the middle of an archive entry's stored bytes, inside the tar file. */
async function flipArchiveEntry(archive: string, entry: string): Promise<void> {
  const reader = await ArchiveReader.open({ path: archive });
  const { offset, size } = reader.resolve(entry, 'blob');
  await reader.close();
  const fh = await open(archive, 'r+');
  try {
    const at = offset + (size >> 1);
    const byte = Buffer.alloc(1);
    await fh.read(byte, 0, 1, at);
    byte[0]! ^= 0x01;
    await fh.write(byte, 0, 1, at);
  } finally {
    await fh.close();
  }
}

// Each archive name is a new file: a later destination at the same name writes a whole new
// archive, so it never holds the previous one's blobs (blobsPersist: false).
const ociArchive: TransportFactory = {
  name: 'oci-archive',
  manifestTypes: OCI_TYPES,
  refusal: /^an oci-archive stores OCI manifests only, not "application\/vnd\.docker\./,
  preservesManifest: true,
  storesUncompressed: false,
  blobsPersist: false,
  local: true,
  tamperBlob: (_env, name, digest) =>
    flipArchiveEntry(nameOf(name, 'oci-archive').path, `blobs/sha256/${digestHex(digest)}`),
  makeName: (env, label) => ({
    transport: 'oci-archive',
    path: join(env.tmp, `${label}-${++counter}.tar`),
    image: label,
  }),
  openSource: (_env, name) => openOciArchiveSource(nameOf(name, 'oci-archive')),
  openDestination: (_env, name) => openOciArchiveDestination(nameOf(name, 'oci-archive')),
};

/**
 * docker-archive keeps the image — config bytes, diff_ids, uncompressed layer bytes and
 * RepoTags — but not the manifest: the archive stores none, and its source builds a Docker
 * schema 2 manifest over what is stored. It holds single images only. Layers are stored
 * under their diff_id, which is also the digest of a random (uncompressed) layer.
 */
const dockerArchive: TransportFactory = {
  name: 'docker-archive',
  manifestTypes: [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest],
  refusal: /^a docker-archive holds a single image, not a multi-platform index: choose one platform$/,
  preservesManifest: false,
  storesUncompressed: true,
  // RepoTags hold the fully qualified name, as containers/image writes it.
  tags: (name) => {
    const { ref } = nameOf(name, 'docker-archive');
    return [`docker.io/${ref!.repository}:${ref!.tag}`];
  },
  blobsPersist: false,
  local: true,
  tamperBlob: (_env, name, digest) =>
    flipArchiveEntry(nameOf(name, 'docker-archive').path, `${digestHex(digest)}.tar`),
  makeName: (env, label) => ({
    transport: 'docker-archive',
    path: join(env.tmp, `${label}-${++counter}.tar`),
    ref: parseReference(`contract/${label}:v1`),
  }),
  openSource: (_env, name) => openDockerArchiveSource(nameOf(name, 'docker-archive')),
  openDestination: (_env, name) => openDockerArchiveDestination(nameOf(name, 'docker-archive')),
};

/** Every transport the contract runs over. */
export const TRANSPORTS: readonly TransportFactory[] = [docker, oci, dir, ociArchive, dockerArchive];
