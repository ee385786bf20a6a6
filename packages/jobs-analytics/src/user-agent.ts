import Bowser from 'bowser';

export interface UserAgentTraits {
  /** `desktop`, `mobile`, `tablet`, `tv`, `bot`, or `unknown`. */
  deviceType: string;
  browser: string | null;
  os: string | null;
}

const UNKNOWN: UserAgentTraits = { deviceType: 'unknown', browser: null, os: null };

/**
 * Device type, browser and OS of a user agent, by bowser (a maintained parser: user agents change
 * faster than hand-written patterns would). An absent or unreadable agent is `unknown`, not an
 * error: enrichment must finish for every event, or the sweep would retry it forever.
 */
export function parseUserAgent(userAgent: string | null): UserAgentTraits {
  if (!userAgent) return UNKNOWN;
  try {
    const { browser, os, platform } = Bowser.parse(userAgent);
    return {
      deviceType: platform.type || 'unknown',
      browser: browser.name || null,
      os: os.name || null,
    };
  } catch {
    return UNKNOWN;
  }
}

/**
 * A parser that remembers the last agents it saw: real traffic repeats a few hundred agents, and
 * parsing is the enrichment's main cost. Bounded so that a flood of random agents stays cheap.
 */
export function cachedUserAgentParser(maxEntries = 5000): (userAgent: string | null) => UserAgentTraits {
  const cache = new Map<string, UserAgentTraits>();
  return (userAgent) => {
    if (!userAgent) return UNKNOWN;
    const hit = cache.get(userAgent);
    if (hit) return hit;
    const traits = parseUserAgent(userAgent);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(userAgent, traits);
    return traits;
  };
}

/** The host a referrer points at (`news.example.com`), or null when it is not a URL. */
export function referrerHost(referrer: string | null): string | null {
  if (!referrer) return null;
  try {
    return new URL(referrer).hostname || null;
  } catch {
    return null;
  }
}
