/**
 * skopeo 1.9.3's inspect output (`cmd/skopeo/inspect/output.go`) as a Go-typed value: the
 * struct's field order, `omitempty` only on `Name` and `Tag`, `RepoTags` `[]` unless the
 * tag list was refused (then nil, `null`), and nil maps and slices as `null`. 1.9.3 has
 * no `LayersData`. The same value feeds the JSON output and `--format` templates.
 */
import { type GoValue, goStr, goStringMap, goStrings } from '../output/go-value.js';
import type { InspectInfo } from './inspect-info.js';

export interface InspectOutputOptions {
  /** The Docker reference without tag or digest (`docker.io/library/alpine`); absent for oci:, dir:, … */
  name?: string;
  /** The digest of the top-level manifest (the index for a multi-arch image). */
  digest: string;
  /** `null` when the registry refused the tag list. */
  repoTags: string[] | null;
  info: InspectInfo;
}

export function inspectOutputValue(opts: InspectOutputOptions): GoValue {
  const { info } = opts;
  const field = (name: string, value: GoValue, omitEmpty = false) => ({ name, json: name, omitEmpty, value });
  return {
    kind: 'struct',
    type: 'inspect.Output',
    fields: [
      field('Name', goStr(opts.name ?? ''), true),
      field('Tag', goStr(info.tag), true),
      field('Digest', goStr(opts.digest)),
      field('RepoTags', goStrings(opts.repoTags)),
      field('Created', { kind: 'time', value: info.created, pointer: true }),
      field('DockerVersion', goStr(info.dockerVersion)),
      field('Labels', goStringMap(info.labels, goStr, goStr(''))),
      field('Architecture', goStr(info.architecture)),
      field('Os', goStr(info.os)),
      field('Layers', goStrings(info.layers)),
      field('Env', goStrings(info.env)),
    ],
  };
}
