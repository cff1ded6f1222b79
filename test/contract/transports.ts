/**
 * The transports the contract suite runs over, one factory each (undici's factory loop):
 * how to name a fresh image, and how to open it as a source and as a destination. A case
 * that needs a capability not every transport has (indexes, blobs that outlive a write,
 * files on disk to tamper with) asks the factory, so no case is ever skipped: it is only
 * not generated for transports that cannot do it.
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
  /** Manifest media types stored as they are (a round trip keeps their digest). */
  manifestTypes: readonly string[];
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

const ALL_V2_TYPES = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
] as const;

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
  manifestTypes: ALL_V2_TYPES,
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
  manifestTypes: ALL_V2_TYPES,
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
 * docker-archive is not in TRANSPORTS yet: it keeps the image (config bytes, diff_ids,
 * uncompressed layer bytes) but not the manifest. The archive stores no manifest, layers
 * are stored uncompressed (as skopeo and `docker load` want them), and the source builds a
 * Docker schema 2 manifest over what is stored, so "reads it back unchanged", "copies to
 * and from … keeping every digest" and "keeps the previous image intact" must compare
 * image content rather than manifest digests for it. Until the suite does,
 * src/registry/transports/docker-archive/docker-archive-contract.test.ts runs those cases,
 * adapted, with this factory. Layers are stored under their diff_id, which is the layer
 * digest for the suite's uncompressed (random) layers.
 */
export const dockerArchive: TransportFactory = {
  name: 'docker-archive',
  manifestTypes: [MEDIA_TYPES.dockerManifest],
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
export const TRANSPORTS: readonly TransportFactory[] = [docker, oci, dir, ociArchive];
