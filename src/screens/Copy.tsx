/**
 * The Copy screen: where to copy an image (or the marked tags) and how. The destination is
 * typed in skopeo's syntax, with Tab completing transports, registries the session knows,
 * the source's repository path and local paths; it is checked as it is submitted, the
 * reason shown inline. For an index the user copies one image ("this one": the platform they
 * were viewing when they pressed `c`, else this machine's), all of them, or a chosen set; the
 * format is kept or converted (OCI, Docker v2s2). Enter starts one job per image and shows
 * them on the jobs screen, where the copy runs on while the user browses.
 */
import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { useBerth, useBerthStore } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { theme } from '../components/theme.js';
import { editText } from '../keys/text-edit.js';
import { useKeymap } from '../keys/use-keymap.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import type { CopyChoice } from '../store/copy-actions.js';
import { initialDestination, planCopyTargets, type Route, routeKey } from '../store/index.js';
import { selectReadOnly } from '../store/selectors.js';
import {
  type CopyFormState,
  CopyFormView,
  type FormatChoice,
  focusables,
  key,
  type PlatformMode,
} from './CopyFormView.js';
import { viewedPlatform } from './viewed-platform.js';

const PLATFORM_MODES: readonly PlatformMode[] = ['system', 'all', 'choose'];
const FORMATS: readonly FormatChoice[] = ['keep', 'oci', 'v2s2'];

const cycle = <T,>(list: readonly T[], value: T, delta: number): T =>
  list[(list.indexOf(value) + delta + list.length) % list.length] as T;

/** The Copy screen. */
export function Copy({ route, width, height, active }: ScreenProps<Extract<Route, { screen: 'copy' }>>) {
  const store = useBerthStore();
  const readOnly = useBerth(selectReadOnly);
  const images: readonly ImageName[] = route.images ?? [route.image];
  const sourceName = formatImageName(route.image);
  const source = useBerth((s) => (s.copySource?.name === sourceName ? s.copySource : undefined));
  // Read once: the screen under this one does not change while this one is on top.
  const [viewed] = useState(() => viewedPlatform(store.getState(), route));
  const [state, setState] = useState<CopyFormState>(() => {
    const value = initialDestination(images);
    return {
      destination: { value, cursor: [...value].length },
      focus: 0,
      platforms: 'system',
      chosen: [],
      format: 'keep',
      candidates: [],
    };
  });
  // Keys can arrive faster than renders: each must build on the last.
  const current = useRef(state);
  current.current = state;
  const update = (patch: Partial<CopyFormState>): void => {
    current.current = { ...current.current, ...patch };
    setState(current.current);
  };
  const s = () => store.getState();
  const bulk = images.length > 1;
  const index = source?.platforms;
  const fieldsOf = (f: CopyFormState) => focusables(f, { bulk, platforms: index?.length });
  const fields = fieldsOf(current.current);

  useEffect(() => {
    if (store.getState().copySource?.name !== sourceName) void store.getState().loadCopySource(route.image);
  }, [store, sourceName, route.image]);

  const submit = (): void => {
    const f = current.current;
    const plan = planCopyTargets(f.destination.value, images);
    if ('error' in plan) {
      update({ error: plan.error });
      return;
    }
    const choice: CopyChoice = {
      platforms: f.platforms === 'choose' ? [] : f.platforms,
      ...(f.format !== 'keep' ? { format: f.format } : {}),
    };
    if (f.platforms === 'choose') {
      choice.platforms = f.chosen.flatMap((i) => (index?.[i] ? [index[i]] : []));
      if (choice.platforms.length === 0) {
        update({ error: `choose at least one platform (${key('toggle')} marks one)` });
        return;
      }
    }
    // "this one" is `system` picked for the viewed platform, as skopeo's --override-* do:
    // the destination gets that one image, as it does for this machine's.
    if (f.platforms === 'system' && viewed && !bulk) {
      choice.platform = {
        os: viewed.os,
        arch: viewed.architecture,
        ...(viewed.variant ? { variant: viewed.variant } : {}),
      };
    }
    const ids = s().startCopies(plan.targets, choice);
    const first = s().jobs.findIndex((j) => j.id === ids[0]);
    const jobsRoute: Route = { screen: 'jobs' };
    s().resetScreens([...s().stack.slice(0, -1), jobsRoute]);
    s().setCursor(routeKey(jobsRoute), Math.max(0, first));
  };

  const complete = (): void => {
    const asked = current.current.destination.value;
    void s()
      .completeCopyDestination(asked, images)
      .then((c) => {
        // Typing went on meanwhile: that text wins.
        if (current.current.destination.value !== asked) return;
        update({
          destination: { value: c.text, cursor: [...c.text].length },
          candidates: c.candidates,
          error: undefined,
        });
      });
  };

  const move = (delta: number) => () => {
    const f = current.current;
    const n = fieldsOf(f).length;
    update({ focus: (f.focus + delta + n) % n, candidates: [] });
  };

  const choose = (delta: number) => () => {
    const f = current.current;
    const field = fieldsOf(f)[f.focus];
    if (field === 'platforms') {
      const modes = bulk || !index ? PLATFORM_MODES.slice(0, 2) : PLATFORM_MODES;
      return update({ platforms: cycle(modes, f.platforms, delta), error: undefined });
    }
    if (field === 'format') return update({ format: cycle(FORMATS, f.format, delta) });
    return false;
  };

  useKeymap(
    'copy',
    {
      startCopy: () => {
        if (!readOnly) submit();
      },
      complete: () => {
        if (fieldsOf(current.current)[current.current.focus] === 'destination') complete();
        else move(1)();
      },
      fieldDown: move(1),
      fieldUp: move(-1),
      optionPrev: choose(-1),
      optionNext: choose(1),
      toggle: () => {
        const f = current.current;
        const field = fieldsOf(f)[f.focus];
        if (typeof field !== 'number') return false;
        const chosen = f.chosen.includes(field) ? f.chosen.filter((i) => i !== field) : [...f.chosen, field];
        update({ chosen, error: undefined });
      },
      closeForm: () => void s().popScreen(),
      interrupt: () => void s().interrupt(),
    },
    {
      isActive: active,
      priority: 0,
      onOtherKey: (event) => {
        const f = current.current;
        if (fieldsOf(f)[f.focus] !== 'destination' || readOnly) return false;
        const next = editText(f.destination, event);
        if (!next) return false;
        if (next.value !== f.destination.value)
          update({ destination: next, error: undefined, candidates: [] });
        else update({ destination: next });
        return true;
      },
    },
  );

  if (readOnly) {
    return (
      <Box flexDirection="column" height={height}>
        <Text bold>Copy</Text>
        <Text color={theme.muted}>Copying is not available in read-only mode. Esc goes back.</Text>
      </Box>
    );
  }
  return (
    <CopyFormView
      images={images}
      state={state}
      fields={fields}
      source={source}
      viewed={viewed}
      width={width}
      height={height}
    />
  );
}
