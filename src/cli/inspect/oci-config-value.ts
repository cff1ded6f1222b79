/**
 * `skopeo inspect --config`: the image config as c/image's `OCIConfig` returns it — the
 * blob decoded into image-spec's Go struct `v1.Image` (`readOciImageConfig`, shared with
 * the copy engine's Docker → OCI conversion) and encoded again, indented. Here that value
 * gets its Go types and field names, so `--format` templates see `.OS`,
 * `.RootFS.DiffIDs`, `.Config.Labels` and print them as Go does.
 */
import type {
  GoTime,
  OciHistory,
  OciImageConfig,
  OciRuntimeConfig,
  StringSet,
} from '../../registry/manifest/index.js';
import {
  EMPTY_STRUCT,
  type GoField,
  type GoValue,
  goBool,
  goStr,
  goStringMap,
  goStrings,
} from '../output/go-value.js';

const f = (name: string, json: string, value: GoValue, omitEmpty = true): GoField => ({
  name,
  json,
  omitEmpty,
  value,
});

const timeValue = (t: GoTime | null): GoValue => ({ kind: 'time', value: t ?? undefined, pointer: true });

const setValue = (set: StringSet | null) => goStringMap(set, () => EMPTY_STRUCT, EMPTY_STRUCT);

function containerConfigValue(c: OciRuntimeConfig): GoValue {
  return {
    kind: 'struct',
    type: 'v1.ImageConfig',
    fields: [
      f('User', 'User', goStr(c.user)),
      f('ExposedPorts', 'ExposedPorts', setValue(c.exposedPorts)),
      f('Env', 'Env', goStrings(c.env)),
      f('Entrypoint', 'Entrypoint', goStrings(c.entrypoint)),
      f('Cmd', 'Cmd', goStrings(c.cmd)),
      f('Volumes', 'Volumes', setValue(c.volumes)),
      f('WorkingDir', 'WorkingDir', goStr(c.workingDir)),
      f('Labels', 'Labels', goStringMap(c.labels, goStr, goStr(''))),
      f('StopSignal', 'StopSignal', goStr(c.stopSignal)),
      f('ArgsEscaped', 'ArgsEscaped', goBool(c.argsEscaped)),
    ],
  };
}

function historyValue(h: OciHistory): GoValue {
  return {
    kind: 'struct',
    type: 'v1.History',
    fields: [
      f('Created', 'created', timeValue(h.created)),
      f('CreatedBy', 'created_by', goStr(h.createdBy)),
      f('Author', 'author', goStr(h.author)),
      f('Comment', 'comment', goStr(h.comment)),
      f('EmptyLayer', 'empty_layer', goBool(h.emptyLayer)),
    ],
  };
}

const ZERO_HISTORY: OciHistory = { created: null, createdBy: '', author: '', comment: '', emptyLayer: false };

/** The `v1.Image` value of a decoded config, for templates and indented JSON. */
export function ociConfigValue(config: OciImageConfig): GoValue {
  return {
    kind: 'struct',
    type: 'v1.Image',
    fields: [
      f('Created', 'created', timeValue(config.created)),
      f('Author', 'author', goStr(config.author)),
      f('Architecture', 'architecture', goStr(config.architecture), false),
      f('Variant', 'variant', goStr(config.variant)),
      f('OS', 'os', goStr(config.os), false),
      f('OSVersion', 'os.version', goStr(config.osVersion)),
      f('OSFeatures', 'os.features', goStrings(config.osFeatures)),
      f('Config', 'config', containerConfigValue(config.config)),
      f(
        'RootFS',
        'rootfs',
        {
          kind: 'struct',
          type: 'v1.RootFS',
          fields: [
            f('Type', 'type', goStr(config.rootfs.type), false),
            f('DiffIDs', 'diff_ids', goStrings(config.rootfs.diffIds), false),
          ],
        },
        false,
      ),
      f('History', 'history', {
        kind: 'slice',
        items: config.history ? config.history.map(historyValue) : null,
        elem: historyValue(ZERO_HISTORY),
      }),
    ],
  };
}
