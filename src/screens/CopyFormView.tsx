/**
 * What the Copy screen draws: the destination field with its completions, the platform
 * choice (an index's platforms as a checklist when choosing a set), the format, and why the
 * last submit was refused. Presentational: the Copy screen keeps the state and the keys.
 *
 * Everything is laid out in the body's height: the checklist gets the rows the other lines
 * leave (and scrolls), and the message under the form is wrapped here, so the lines are
 * counted before Ink lays them out. A column taller than its box is squeezed by Yoga until
 * rows overlap, which is what 16 platforms did at 80×24.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { errorLines } from '../components/ErrorPanel.js';
import { wrapWords } from '../components/HelpOverlay.js';
import { TextField } from '../components/TextField.js';
import { fitText, printable, theme } from '../components/theme.js';
import { ACTIONS, type Action, formatKey } from '../keys/keymap.js';
import type { TextState } from '../keys/text-edit.js';
import { formatPlatform, hostPlatform, type Platform } from '../registry/manifest/index.js';
import { formatImageName, type ImageName } from '../registry/ref/index.js';
import type { CopySourceInfo } from '../store/index.js';
import { CHECKLIST_CHROME, PlatformChecklist } from './PlatformChecklist.js';

/** Which platforms of an index to copy. */
export type PlatformMode = 'system' | 'all' | 'choose';
/** The manifest format to write. */
export type FormatChoice = 'keep' | 'oci' | 'v2s2';

/** The Copy form's state. */
export interface CopyFormState {
  destination: TextState;
  /** Index into the focusable fields. */
  focus: number;
  platforms: PlatformMode;
  /** Indexes of the chosen platforms in the index's list. */
  chosen: readonly number[];
  format: FormatChoice;
  /** Completions listed after the last Tab. */
  candidates: readonly string[];
  error?: string;
}

/** A focusable row: a named field, or a platform of the checklist (its index). */
export type CopyField = 'destination' | 'platforms' | 'format' | number;

/**
 * The rows the cursor visits, top to bottom. `platforms` is how many an index lists
 * (undefined for a single image): only then, or for several images, is there a choice.
 */
export function focusables(
  state: CopyFormState,
  opts: { bulk: boolean; platforms: number | undefined },
): CopyField[] {
  const fields: CopyField[] = ['destination'];
  if (opts.bulk || opts.platforms !== undefined) fields.push('platforms');
  if (!opts.bulk && state.platforms === 'choose')
    for (let i = 0; i < (opts.platforms ?? 0); i++) fields.push(i);
  fields.push('format');
  return fields;
}

const LABEL = 13;
/** Lines the message under the form may take; a longer one is cut. */
const MESSAGE_LINES = 3;

/** How an action's first key is written, for text that names it. */
export const key = (action: Action): string => formatKey(ACTIONS[action].keys[0] as string);

function Row({ focused, label, children }: { focused: boolean; label: string; children: ReactNode }) {
  return (
    <Box>
      <Text bold={focused} inverse={focused}>
        {focused ? '>' : ' '} {label.padEnd(LABEL)}
      </Text>
      <Text> </Text>
      {children}
    </Box>
  );
}

function radio<T extends string>(options: readonly [T, string][], value: T): string {
  return options.map(([v, label]) => `(${v === value ? '•' : ' '}) ${label}`).join('  ');
}

/** Candidates as a shell lists them: what follows the last `/` the field already has. */
export function candidateNames(state: CopyFormState): string[] {
  const typed = state.destination.value;
  const base = typed.slice(0, typed.lastIndexOf('/') + 1);
  return state.candidates.map((c) => (c.startsWith(base) ? c.slice(base.length) : c));
}

/** The title: the image, or how many images of which repository. */
export function copyTitle(images: readonly ImageName[]): string {
  const first = images[0];
  if (!first) return 'Copy';
  if (images.length === 1) return `Copy ${formatImageName(first)}`;
  const tags = images.map((i) =>
    i.transport === 'docker' ? (i.ref.tag ?? i.ref.digest ?? '') : formatImageName(i),
  );
  return `Copy ${images.length} images: ${tags.join(', ')}`;
}

/** `text` in at most `max` lines of `width` columns (line breaks kept), the last cut with `…`. */
export function messageLines(text: string, width: number, max = MESSAGE_LINES): string[] {
  const lines = text.split('\n').flatMap((paragraph) => wrapWords(paragraph, width));
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), fitText(lines.slice(max - 1).join(' '), width)];
}

/** What "this one" copies: the platform being viewed, else this machine's. */
export function thisOneLabel(viewed: Platform | undefined): string {
  return viewed ? `this one (${formatPlatform(viewed)})` : `this machine (${formatPlatform(hostPlatform())})`;
}

/** Props of {@link CopyFormView}. */
export interface CopyFormViewProps {
  images: readonly ImageName[];
  state: CopyFormState;
  fields: readonly CopyField[];
  source: CopySourceInfo | undefined;
  /** The index entry the user was viewing when the copy started; "this one" copies it. */
  viewed?: Platform | undefined;
  width: number;
  height: number;
}

/** The Copy form. */
export function CopyFormView({ images, state, fields, source, viewed, width, height }: CopyFormViewProps) {
  const focused = fields[state.focus];
  const bulk = images.length > 1;
  const platforms = source?.platforms;
  const modes: [PlatformMode, string][] = [
    ['system', thisOneLabel(bulk ? undefined : viewed)],
    ['all', 'all'],
    ...(!bulk && platforms ? [['choose', 'choose'] as [PlatformMode, string]] : []),
  ];
  const checklist = platforms && state.platforms === 'choose' && !bulk ? platforms : undefined;
  const sourceLine = source?.status === 'loading' || (source?.status === 'error' && source.error);
  const message = state.error
    ? messageLines(`error: ${printable(state.error)}`, width)
    : messageLines(
        bulk
          ? 'Each image keeps its tag: name a repository (docker://host/repo) or a layout (oci:./dir).'
          : `${key('startCopy')} starts the copy; it runs as a job (${key('jobs')} shows the jobs).`,
        width,
      );
  // Title, blank, destination, format, blank, then the lines that come and go.
  const used =
    5 +
    (state.candidates.length > 0 ? 1 : 0) +
    (sourceLine ? 1 : 0) +
    (fields.includes('platforms') ? 1 : 0) +
    (checklist ? CHECKLIST_CHROME : 0) +
    message.length;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate-end">
        {printable(copyTitle(images))}
      </Text>
      <Text> </Text>
      <Row focused={focused === 'destination'} label="destination">
        <TextField
          value={state.destination.value}
          cursor={state.destination.cursor}
          focused={focused === 'destination'}
          placeholder="docker://host/repo:tag, oci:./dir:tag"
        />
      </Row>
      {state.candidates.length > 0 ? (
        <Text color={theme.muted} wrap="truncate-end">
          {' '.repeat(LABEL + 3)}
          {printable(fitText(candidateNames(state).join('  '), Math.max(10, width - LABEL - 3)))}
        </Text>
      ) : null}
      {source?.status === 'loading' ? (
        <Text color={theme.muted}>{'  '}reading the source…</Text>
      ) : source?.status === 'error' && source.error ? (
        <Text color={theme.error} wrap="truncate-end">
          {'  '}cannot read the source: {errorLines(source.error).join(': ')}
        </Text>
      ) : null}
      {fields.includes('platforms') ? (
        <Row focused={focused === 'platforms'} label="platforms">
          <Text wrap="truncate-end">{radio(modes, state.platforms)}</Text>
        </Row>
      ) : null}
      {checklist ? (
        <PlatformChecklist
          platforms={checklist}
          chosen={state.chosen}
          cursor={typeof focused === 'number' ? focused : undefined}
          height={height - used}
          attestations={source?.attestations ?? 0}
          labelWidth={LABEL}
        />
      ) : null}
      <Row focused={focused === 'format'} label="format">
        <Text>
          {radio(
            [
              ['keep', 'keep'],
              ['oci', 'OCI'],
              ['v2s2', 'Docker v2s2'],
            ],
            state.format,
          )}
        </Text>
      </Row>
      <Text> </Text>
      {message.map((line, i) => (
        // Lines of one message, redrawn whole when it changes: the position is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Text key={i} color={state.error ? theme.error : theme.muted} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
