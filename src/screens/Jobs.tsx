/**
 * The jobs screen: every copy and delete of the session, oldest first, and below the list
 * the selected job in full. A copy shows one line per blob (a bar with bytes and speed
 * while it moves; `skipped: already exists`, `mounted from …` or `done` once it has; the
 * moving ones first), the overall line with speed and ETA, and at the end the destination
 * digest. `x` cancels a running job after asking; nothing is published by a cancelled copy.
 * `C` clears the finished jobs. The list redraws only as often as progress is published
 * into the store (a few times a second), never per chunk.
 */
import { Box, Text } from 'ink';
import { useBerth, useBerthStore } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { errorLines } from '../components/ErrorPanel.js';
import { List } from '../components/List.js';
import { fitText, printable, theme } from '../components/theme.js';
import { ACTIONS, type Action, formatKey } from '../keys/keymap.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import { countRunningJobs, type Job, type Route, routeKey } from '../store/index.js';
import { selectCursor, selectReadOnly } from '../store/selectors.js';
import { blobLine, orderBlobs, overallLine, percent } from './progress-text.js';

/** The status column of a job's row. */
export function jobStatus(job: Job): string {
  if (job.status !== 'running') return job.status;
  const { bytesDone, bytesTotal, itemsDone, itemsTotal } = job.progress;
  if (bytesTotal) return `${percent(bytesDone, bytesTotal)}%`;
  if (itemsTotal) return `${itemsDone}/${itemsTotal}`;
  return 'running';
}

const STATUS_WIDTH = 10;

/** How an action's first key is written, for text that names it. */
const key = (action: Action): string => formatKey(ACTIONS[action].keys[0] as string);

/** The jobs screen. */
export function Jobs({ route, width, height, active }: ScreenProps<Extract<Route, { screen: 'jobs' }>>) {
  const store = useBerthStore();
  const listId = routeKey(route);
  const jobs = useBerth((s) => s.jobs);
  const cursor = useBerth(selectCursor(listId));
  const readOnly = useBerth(selectReadOnly);
  const index = Math.min(cursor, Math.max(0, jobs.length - 1));
  const job = jobs[index];
  const listRows = Math.max(1, Math.min(jobs.length, Math.floor((height - 1) / 4)));
  const s = () => store.getState();

  useKeymap(
    'jobs',
    {
      ...listNavigation({
        index: () => Math.min(s().cursors[listId] ?? 0, Math.max(0, s().jobs.length - 1)),
        count: () => s().jobs.length,
        page: () => listRows,
        setIndex: (i) => s().setCursor(listId, i),
      }),
      cancelJob: () => {
        if (job?.status !== 'running') return;
        s().openModal({
          kind: 'confirm',
          title: `Stop the ${job.kind}?`,
          lines: [
            job.label,
            job.kind === 'copy'
              ? 'Nothing is published: the destination stays as it was.'
              : 'What was already deleted stays deleted.',
          ],
          confirmLabel: `stop the ${job.kind}`,
          onConfirm: () => s().cancelJob(job.id),
        });
      },
      clearJobs: () => {
        for (const j of s().jobs) if (j.status !== 'running') s().dismissJob(j.id);
        s().setCursor(listId, 0);
      },
      back: () => void s().popScreen(),
    },
    { isActive: active },
  );

  const labelWidth = Math.max(10, width - 2 - 1 - STATUS_WIDTH);
  return (
    <Box flexDirection="column" height={height}>
      <Text>
        <Text bold>Jobs</Text>
        <Text color={theme.muted}>
          {' '}
          {jobs.length} · {countRunningJobs(jobs)} running
        </Text>
      </Text>
      <List
        count={jobs.length}
        cursor={index}
        height={listRows}
        renderRow={(i) => {
          const j = jobs[i];
          return j ? `${fitText(j.label, labelWidth)} ${fitText(jobStatus(j), STATUS_WIDTH, 'right')}` : '';
        }}
        empty={
          readOnly
            ? 'no jobs: copying and deleting are off in read-only mode'
            : `no jobs yet: ${key('copyImage')} copies an image, ${key('delete')} deletes one`
        }
      />
      {job ? <JobDetail job={job} width={width} height={height - 2 - listRows} /> : null}
    </Box>
  );
}

/** The selected job in full. */
function JobDetail({ job, width, height }: { job: Job; width: number; height: number }) {
  const copy = job.progress.copy;
  const barWidth = Math.max(10, Math.min(30, width - 60));
  const tail = tailLines(job);
  // Result and error lines wrap; a digest alone is 71 columns.
  const tailHeight = tail.reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / width)), 0);
  const blobRows = Math.max(0, height - 2 - (copy ? 1 : 0) - tailHeight);
  const blobs = copy ? orderBlobs(copy.blobs) : [];
  const shown = blobs.length > blobRows ? blobs.slice(0, Math.max(0, blobRows - 1)) : blobs;
  const more = blobs.length - shown.length;
  return (
    <Box flexDirection="column" marginTop={1} height={height}>
      <Text bold wrap="truncate-end">
        {printable(job.label)}
      </Text>
      <Text color={job.status === 'failed' ? theme.error : theme.muted} wrap="truncate-end">
        {statusLine(job)}
      </Text>
      {shown.map((b) => (
        <Text key={b.digest} wrap="truncate-end" {...(b.status === 'failed' ? { color: theme.error } : {})}>
          {printable(blobLine(b, barWidth))}
        </Text>
      ))}
      {more > 0 ? <Text color={theme.muted}>+{more} more</Text> : null}
      {copy ? <Text wrap="truncate-end">{overallLine(copy, barWidth)}</Text> : null}
      {tail.map((line) => (
        // errorLines drops repeated lines, so each line is its own key.
        <Text key={line} wrap="wrap" {...(job.status === 'failed' ? { color: theme.error } : {})}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

function statusLine(job: Job): string {
  const took =
    job.endedAt !== undefined ? ` after ${((job.endedAt - job.startedAt) / 1000).toFixed(1)}s` : '';
  switch (job.status) {
    case 'running':
      return `running: ${job.progress.detail ?? 'starting'}`;
    case 'done':
      return `done${took}`;
    case 'failed':
      return `failed${took}`;
    case 'cancelled':
      return job.kind === 'copy' ? `cancelled${took}: nothing was published` : `cancelled${took}`;
  }
}

/** What a finished job ends with: its result, or its error and causes. */
function tailLines(job: Job): string[] {
  if (job.status === 'done' && job.result) return [`result: ${printable(job.result)}`];
  if (job.status === 'failed' && job.error) {
    const [first, ...causes] = errorLines(job.error, 4);
    return [`error: ${first ?? ''}`, ...causes.map((c) => `  ← ${c}`)];
  }
  return [];
}
