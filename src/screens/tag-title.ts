/**
 * What the Tags screen's title says about dates in date order: how many of the rows shown
 * have one while the rest are looked up, and why some stay unknown, so an order built on
 * partial dates never passes for a complete one.
 */
import { DATE_LOOKUP_LIMIT, type TagDatesState } from '../store/tag-dates.js';

/** `1 200` for 1200: counts read at a glance. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

const WHY: Record<NonNullable<TagDatesState['stopped']>, string> = {
  limit: `, capped at ${groupDigits(DATE_LOOKUP_LIMIT)}`,
  pulls: ', stopped to save pulls',
  cancelled: ', cancelled',
};

/**
 * ` (dates for 1 200 of 100 000…)` while dates are looked up, ` (dates for 2 000 of 100 000,
 * capped at 2 000)` when some stay unknown, and nothing once every row has a date.
 */
export function datesNote(dates: TagDatesState | undefined): string {
  if (!dates || (dates.known === dates.of && !dates.fetching)) return '';
  const counts = `dates for ${groupDigits(dates.known)} of ${groupDigits(dates.of)}`;
  if (dates.fetching) return ` (${counts}…)`;
  return ` (${counts}${dates.stopped ? WHY[dates.stopped] : ''})`;
}
