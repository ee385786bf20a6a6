/**
 * Joins several Prometheus text expositions into one. BullMQ writes HELP and TYPE for every
 * queue it exports; a scrape with the same family declared twice is rejected, so each family
 * is declared once with all its samples under it.
 */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, { header: string[]; samples: string[] }>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const header = /^# (HELP|TYPE) (\S+)/.exec(line);
      const name = header ? header[2]! : line.split(/[{\s]/, 1)[0]!;
      let family = families.get(name);
      if (!family) {
        family = { header: [], samples: [] };
        families.set(name, family);
      }
      if (header) {
        if (!family.header.some((h) => h.startsWith(`# ${header[1]} `))) family.header.push(line);
      } else {
        family.samples.push(line);
      }
    }
  }
  const out = [...families.values()].flatMap((f) => [...f.header, ...f.samples]);
  return out.length ? `${out.join('\n')}\n` : '';
}
