/**
 * `skopeo inspect --config`: the image config as c/image's `OCIConfig` returns it — the
 * blob decoded into image-spec's Go struct `v1.Image` and encoded again. That drops every
 * field the struct lacks (Docker's `container_config`, `docker_version`, `Shell`, …),
 * orders fields as the struct declares them, omits empty optional ones, and keeps
 * `rootfs.diff_ids` as `null` when the blob has none. Field names for templates are the
 * Go ones (`.OS`, `.RootFS.DiffIDs`, `.Config.Labels`).
 */
import type { ContainerConfig, HistoryEntry, ImageConfig } from '../../registry/manifest/index.js';
import { parseGoTime } from '../output/go-time.js';
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

function timeValue(s: string | undefined): GoValue {
  return { kind: 'time', value: s === undefined ? undefined : parseGoTime(s), pointer: true };
}

const setValue = (set: Record<string, Record<string, never>> | undefined) =>
  goStringMap(set, () => EMPTY_STRUCT, EMPTY_STRUCT);

function containerConfigValue(c: ContainerConfig): GoValue {
  return {
    kind: 'struct',
    type: 'v1.ImageConfig',
    fields: [
      f('User', 'User', goStr(c.User ?? '')),
      f('ExposedPorts', 'ExposedPorts', setValue(c.ExposedPorts)),
      f('Env', 'Env', goStrings(c.Env)),
      f('Entrypoint', 'Entrypoint', goStrings(c.Entrypoint)),
      f('Cmd', 'Cmd', goStrings(c.Cmd)),
      f('Volumes', 'Volumes', setValue(c.Volumes)),
      f('WorkingDir', 'WorkingDir', goStr(c.WorkingDir ?? '')),
      f('Labels', 'Labels', goStringMap(c.Labels, goStr, goStr(''))),
      f('StopSignal', 'StopSignal', goStr(c.StopSignal ?? '')),
      f('ArgsEscaped', 'ArgsEscaped', goBool(c.ArgsEscaped ?? false)),
    ],
  };
}

function historyValue(h: HistoryEntry): GoValue {
  return {
    kind: 'struct',
    type: 'v1.History',
    fields: [
      f('Created', 'created', timeValue(h.created)),
      f('CreatedBy', 'created_by', goStr(h.created_by ?? '')),
      f('Author', 'author', goStr(h.author ?? '')),
      f('Comment', 'comment', goStr(h.comment ?? '')),
      f('EmptyLayer', 'empty_layer', goBool(h.empty_layer ?? false)),
    ],
  };
}

function hasDiffIds(raw: unknown): boolean {
  const rootfs = (raw as { rootfs?: unknown } | null)?.rootfs;
  return Array.isArray((rootfs as { diff_ids?: unknown } | null | undefined)?.diff_ids);
}

/**
 * The `v1.Image` value of a config. `raw` is the same blob as plain JSON, consulted only
 * for what the parsed form cannot tell (whether `diff_ids` was there at all).
 */
export function ociConfigValue(config: ImageConfig, raw: unknown): GoValue {
  const history = config.history;
  return {
    kind: 'struct',
    type: 'v1.Image',
    fields: [
      f('Created', 'created', timeValue(config.created)),
      f('Author', 'author', goStr(config.author ?? '')),
      f('Architecture', 'architecture', goStr(config.architecture), false),
      f('Variant', 'variant', goStr(config.variant ?? '')),
      f('OS', 'os', goStr(config.os), false),
      f('OSVersion', 'os.version', goStr(config['os.version'] ?? '')),
      f('OSFeatures', 'os.features', goStrings(config['os.features'])),
      f('Config', 'config', containerConfigValue(config.config ?? {})),
      f(
        'RootFS',
        'rootfs',
        {
          kind: 'struct',
          type: 'v1.RootFS',
          fields: [
            f('Type', 'type', goStr(config.rootfs.type), false),
            f('DiffIDs', 'diff_ids', goStrings(hasDiffIds(raw) ? config.rootfs.diff_ids : null), false),
          ],
        },
        false,
      ),
      f('History', 'history', {
        kind: 'slice',
        items: history ? history.map(historyValue) : null,
        elem: historyValue({}),
      }),
    ],
  };
}
