import type { DigestFrequency } from '@yg/job-contracts';

/**
 * The period a digest run at `at` covers, in UTC: the day (`2025-10-18`) for DAILY, the ISO week
 * (`2025-W42`) for WEEKLY. One digest per user, frequency and period: a run triggered twice in
 * a period, or retried, finds the same digest.
 */
export function digestPeriodKey(frequency: DigestFrequency, at: Date): string {
  if (frequency === 'DAILY') return at.toISOString().slice(0, 10);
  const { year, week } = isoWeek(at);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function isoWeek(at: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  // The Thursday of this week decides the ISO year and week.
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}
