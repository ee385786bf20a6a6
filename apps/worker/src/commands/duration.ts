import { UsageError } from './usage-error';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `15m`, `24h`, `7d` (or plain milliseconds) to milliseconds; anything else is refused by name. */
export function parseDuration(option: string, value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new UsageError(`${option}: "${value}" is not a duration such as 90s, 15m, 24h or 7d`);
  return Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS];
}
