/**
 * Image references and skopeo-style image names, parsed once at the edge.
 *
 * `parseReference` reads what people type (`alpine`, `ghcr.io/org/app:1.2`,
 * `localhost:5000/x@sha256:…`) with Docker's normalisation rules and returns a `Reference`
 * whose registry and repository are in full form (`docker.io` + `library/alpine`), so the
 * rest of berth never guesses. `familiarName` gives back the short form for display and
 * `registryEndpoint` the host that actually serves the API. `parseImageName` adds skopeo's
 * transports (`docker://`, `oci:`, `dir:`, `oci-archive:`, `docker-archive:`). `isValidTag`
 * and `isValidRepositoryPath` check names that come from servers before they are used.
 */

export { InvalidImageNameError, InvalidReferenceError } from './errors.js';
export { isValidRepositoryPath, isValidTag } from './grammar.js';
export {
  formatImageName,
  type ImageName,
  type ParseImageNameOptions,
  parseImageName,
  TRANSPORTS,
} from './image-name.js';
export {
  DOCKER_HUB,
  familiarName,
  formatReference,
  type ParseReferenceOptions,
  parseReference,
  parseRepository,
  type Reference,
  type Repository,
  registryEndpoint,
  withDigest,
  withTag,
} from './reference.js';
