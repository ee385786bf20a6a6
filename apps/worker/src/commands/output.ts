/** What every operator command accepts: `--json` for scripts. */
export interface OutputOptions {
  json?: boolean;
}

/**
 * Prints a command's result: one JSON document on stdout with `--json` (nothing else is written
 * there, so a script can parse it), otherwise the readable text.
 */
export function print(options: OutputOptions, value: unknown, text: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/** Rows as aligned columns under a header; an em dash for what is missing. */
export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => (cell == null ? '—' : String(cell))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function isoTime(ms: number | undefined | null): string | null {
  return ms ? new Date(ms).toISOString() : null;
}
