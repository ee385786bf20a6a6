import { padded } from './sql-random';

// Seeded ids are readable and derived from (seed, row number), e.g. ast_42_0000017, so that the
// same seed gives the same ids and rows of different seeds never collide.
export const ID_PREFIX = {
  user: 'usr',
  preference: 'npf',
  creator: 'crt',
  asset: 'ast',
  project: 'prj',
  license: 'lic',
  post: 'pst',
  notification: 'ntf',
} as const;

export type SeededEntity = keyof typeof ID_PREFIX;

/** SQL expression of the id of row `n` (a SQL expression) of an entity. */
export function seededId(entity: SeededEntity, seed: number, n: string): string {
  return `'${ID_PREFIX[entity]}_${seed}_' || ${padded(n)}`;
}

/** The same id computed in TypeScript, for tests and callers that look a seeded row up. */
export function seededIdOf(entity: SeededEntity, seed: number, n: number): string {
  return `${ID_PREFIX[entity]}_${seed}_${String(n).padStart(7, '0')}`;
}

/**
 * Analytics events have bigint ids: seed × 10¹⁰ + n keeps them apart per seed (up to 10¹⁰ events
 * per seed) and within bigint for seeds up to 900 million.
 */
export const EVENT_ID_STRIDE = 10_000_000_000;
