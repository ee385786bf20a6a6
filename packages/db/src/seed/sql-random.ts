// Deterministic "random" values in SQL: a function of (seed, purpose, row number), so that the same
// seed always yields the same rows whatever the plan or the order of evaluation (random() with
// setseed() would depend on both). hashint8extended is PostgreSQL's hash for hash partitioning,
// which must stay the same across versions and platforms, and it is about ten times cheaper than
// an md5 per value.

/** An SQL expression for an integer in [0, modulo): `rand(purpose, modulo)`, per row `n`. */
export type SeededRandom = (purpose: string, modulo: number, n?: string) => string;

export function seededRandom(seed: number, table: string): SeededRandom {
  return (purpose, modulo, n = 'n') => {
    const salt = (BigInt(seed) << 32n) | BigInt(fnv1a(`${table}:${purpose}`));
    return `((hashint8extended((${n})::bigint, ${BigInt.asIntN(64, salt)}) & 2147483647) % ${Math.max(1, modulo)})`;
  };
}

/** One element of `values`, chosen by `index` (a 0-based SQL expression). */
export function choose(values: readonly string[], index: string): string {
  return `(${textArray(values)})[1 + ${index}]`;
}

export function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map(quote).join(', ')}]::text[]`;
}

/** A SQL timestamp literal (Prisma's DateTime columns are timestamp(3) holding UTC). */
export function timestampLiteral(date: Date): string {
  return `'${date.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp(3)`;
}

/** Zero-padded row number, so that ids sort in row order. */
export function padded(n = 'n', width = 7): string {
  return `lpad((${n})::text, ${width}, '0')`;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** 32-bit FNV-1a of a string: a stable number for each (table, purpose). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
