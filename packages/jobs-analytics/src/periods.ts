// Calendar arithmetic in UTC on `YYYY-MM-DD` strings: the metrics tables key days, ISO weeks and
// months by their first day, and the SQL takes the same strings.

const DAY_MS = 86_400_000;

export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dayOf(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** The Monday that starts the ISO week of `date`. */
export function isoWeekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The first day of the month of `date`. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month after the one starting at `start`. */
export function nextMonthStart(start: string): string {
  const d = new Date(`${start}T00:00:00Z`);
  return dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

/** A half-open range of days `[from, to)`, the shape every roll-up statement takes. */
export interface Period {
  from: string;
  to: string;
}

export function weekPeriod(anyDay: string): Period {
  const from = isoWeekStart(anyDay);
  return { from, to: addDays(from, 7) };
}

export function monthPeriod(anyDay: string): Period {
  const from = monthStart(anyDay);
  return { from, to: nextMonthStart(from) };
}
