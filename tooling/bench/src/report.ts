export interface Row {
  name: string;
  ours: number;
  raw: number;
  unit: string;
  /** The least acceptable ours/raw ratio (for rates) — or, with `lowerIsBetter`, raw/ours. */
  goal?: number;
  lowerIsBetter?: boolean;
  /** Printed under the table: where the time or memory goes when ours is behind. */
  note?: string;
}

/**
 * Prints our figure beside the raw baseline and their ratio, one line per benchmark, plus a
 * verdict against the goal. Ratios are always "how good are we relative to raw": 1.00 is par.
 */
export function printTable(title: string, rows: readonly Row[]): void {
  const lines = rows.map((r) => {
    const ratio = r.lowerIsBetter ? r.raw / r.ours : r.ours / r.raw;
    const verdict =
      r.goal === undefined ? '' : ratio >= r.goal ? `ok (goal ≥ ${r.goal})` : `BELOW goal ${r.goal}`;
    return [r.name, `${fmt(r.ours)} ${r.unit}`, `${fmt(r.raw)} ${r.unit}`, ratio.toFixed(2), verdict];
  });
  const header = ['benchmark', 'ours', 'raw', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n## ${title}\n`);
  console.log(row(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
  const notes = rows.filter((r) => r.note).map((r) => `${r.name}: ${r.note}`);
  if (notes.length) console.log(`\n${notes.join('\n')}`);
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}
