export interface SeedOptions {
  /** Same seed and options → the same rows, ids included. 0 to 900,000,000; default 1. */
  seed?: number;
  /** IP assets; every type (IMAGE, VIDEO, AUDIO, DOCUMENT) appears once there are 4. Default 1,000. */
  assets?: number;
  /** Creator profiles (each with its user). Default assets / 20, at least 1. */
  creators?: number;
  /** Brand users. Default assets / 100, at least 1. */
  brands?: number;
  /** Projects of the brands. Default 2 per brand. */
  projects?: number;
  /** Licenses of assets to brands. Default assets / 10. */
  licenses?: number;
  /** Blog posts in every status. Default 50. */
  posts?: number;
  /** Notifications across all users. Default assets / 10. */
  notifications?: number;
  /** Raw analytics events (not enriched yet). Default 2 per asset. */
  events?: number;
  /** The start of the seeded period; timestamps fall in the `days` after it. Default 2025-01-01 UTC. */
  startDate?: Date;
  /** Days that the timestamps spread over. Default 90. */
  days?: number;
}

export type ResolvedSeedOptions = Required<SeedOptions>;

const DEFAULT_START = new Date(Date.UTC(2025, 0, 1));
const MAX_SEED = 900_000_000;

export function resolveSeedOptions(options: SeedOptions): ResolvedSeedOptions {
  const assets = count('assets', options.assets, 1_000);
  const brands = count('brands', options.brands, Math.max(1, Math.ceil(assets / 100)));
  const resolved: ResolvedSeedOptions = {
    seed: count('seed', options.seed, 1),
    assets,
    creators: count('creators', options.creators, Math.max(1, Math.ceil(assets / 20))),
    brands,
    projects: count('projects', options.projects, brands * 2),
    licenses: count('licenses', options.licenses, Math.ceil(assets / 10)),
    posts: count('posts', options.posts, 50),
    notifications: count('notifications', options.notifications, Math.ceil(assets / 10)),
    events: count('events', options.events, assets * 2),
    startDate: options.startDate ?? DEFAULT_START,
    days: count('days', options.days, 90),
  };
  // Event ids are seed × 10¹⁰ + n, which must stay within a bigint.
  if (resolved.seed > MAX_SEED) throw new RangeError(`seedDemoData: seed must be at most ${MAX_SEED}`);
  if (Number.isNaN(resolved.startDate.getTime()))
    throw new RangeError('seedDemoData: startDate is not a valid date');
  if (resolved.creators < 1 || resolved.brands < 1 || resolved.days < 1) {
    throw new RangeError('seedDemoData: creators, brands and days must be at least 1');
  }
  if (resolved.assets < 1 && (resolved.licenses > 0 || resolved.events > 0)) {
    throw new RangeError('seedDemoData: licenses and events need at least one asset');
  }
  return resolved;
}

// Every number ends up inlined in SQL, so anything but a safe whole number is refused here.
function count(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 0) {
    throw new RangeError(`seedDemoData: ${name} must be a whole number of at least 0, got ${value}`);
  }
  return resolved;
}
