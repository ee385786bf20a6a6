import type { TrackedEvent } from '@yg/job-contracts';

const TYPES = ['VIEW', 'VIEW', 'VIEW', 'VIEW', 'CLICK', 'CLICK', 'DOWNLOAD', 'LICENSE_PURCHASE'] as const;
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
];

/** A small deterministic generator (mulberry32): the same seed gives the same events. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Events over `days` starting at `from`, spread over the assets (and some with no asset), by a
 * small pool of visitors so that the same visitors come back on several days: a week's distinct
 * visitors are then fewer than the sum of its days'.
 */
export function generateEvents({
  assetIds,
  from,
  days,
  perDay,
  seed,
}: {
  assetIds: readonly string[];
  from: string;
  days: number;
  perDay: number;
  seed: number;
}): TrackedEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const start = Date.parse(`${from}T00:00:00Z`);
  const events: TrackedEvent[] = [];
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < perDay; i++) {
      const type = pick(TYPES);
      const visitor = Math.floor(next() * 40);
      events.push({
        eventId: `gen-${seed}-${day}-${i}`,
        type,
        occurredAt: new Date(start + day * 86_400_000 + Math.floor(next() * 86_400_000)).toISOString(),
        ...(next() < 0.9 ? { assetId: pick(assetIds) } : {}),
        // Signed-in visitors by user, the others by session.
        ...(visitor < 25 ? { userId: `user-${visitor}` } : { sessionId: `session-${visitor}` }),
        userAgent: pick(AGENTS),
        referrer: 'https://news.example.com/story?id=1',
        ...(type === 'LICENSE_PURCHASE' ? { revenueCents: 100 + Math.floor(next() * 10_000) } : {}),
      });
    }
  }
  return events;
}

export interface Figures {
  views: number;
  clicks: number;
  downloads: number;
  licensePurchases: number;
  revenueCents: number;
  uniqueVisitors: number;
}

/**
 * The figures of the events that fall in `[from, to)`, computed here in plain code from the
 * events themselves — independently of the SQL under test. By asset id, and `*` for the platform.
 */
export function expectedFigures(
  events: readonly TrackedEvent[],
  from: string,
  to: string,
  knownAssets: readonly string[],
): Map<string, Figures> {
  const lo = Date.parse(`${from}T00:00:00Z`);
  const hi = Date.parse(`${to}T00:00:00Z`);
  const figures = new Map<string, Figures & { visitors: Set<string> }>();
  const add = (key: string, event: TrackedEvent) => {
    let f = figures.get(key);
    if (!f) {
      f = {
        views: 0,
        clicks: 0,
        downloads: 0,
        licensePurchases: 0,
        revenueCents: 0,
        uniqueVisitors: 0,
        visitors: new Set(),
      };
      figures.set(key, f);
    }
    if (event.type === 'VIEW') f.views++;
    if (event.type === 'CLICK') f.clicks++;
    if (event.type === 'DOWNLOAD') f.downloads++;
    if (event.type === 'LICENSE_PURCHASE') {
      f.licensePurchases++;
      f.revenueCents += event.revenueCents ?? 0;
    }
    const visitor = event.userId ? `u:${event.userId}` : event.sessionId ? `s:${event.sessionId}` : undefined;
    if (visitor) f.visitors.add(visitor);
    f.uniqueVisitors = f.visitors.size;
  };
  for (const event of events) {
    const t = Date.parse(event.occurredAt);
    if (t < lo || t >= hi) continue;
    add('*', event);
    if (event.assetId && knownAssets.includes(event.assetId)) add(event.assetId, event);
  }
  return new Map([...figures].map(([key, { visitors: _, ...f }]) => [key, f]));
}
