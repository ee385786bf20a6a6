import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CheckedQuery, commonQuery, schemaQuery } from '../src/query-input';

// Strings whose trimming, length bounds and NUL bytes matter: a few letters among spaces of
// several kinds, strings a letter or two either side of a bound, strings with NUL bytes, anything.
const space = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u3000', '\ufeff'), maxLength: 3 });
const text = (bound: number) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\t', '\u3000'), maxLength: 20 }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(space, fc.integer({ min: bound - 2, max: bound + 2 }), space)
        .map(([before, length, after]) => `${before}${'a'.repeat(length)}${after}`),
    },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '\u0000'), maxLength: 6 }) },
    { weight: 1, arbitrary: fc.anything() },
  );
const limit = fc.oneof(
  fc.integer({ min: -2, max: 103 }),
  fc.double(),
  fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, 20.5, '20', null),
);
// Only the keys the pre-check takes, each present or not.
const common = fc.record({ q: text(500), limit, cursor: text(1024) }, { requiredKeys: [] });
// Anything at all; those keys beside one more; those keys on an array or a class instance.
const other = fc.oneof(
  fc.anything(),
  fc
    .tuple(common, fc.constantFrom('types', 'facets', 'sort', '__proto__', 'constructor'), fc.anything())
    .map(([query, key, value]) => Object.defineProperty({ ...query }, key, { value, enumerable: true })),
  common.map((query) => Object.assign(new (class Query {})(), query)),
  common.map((query) => Object.assign([], query)),
);

const bySchema = (query: unknown): CheckedQuery | 'refused' => {
  try {
    return schemaQuery(query);
  } catch {
    return 'refused';
  }
};

describe('the common-query pre-check', () => {
  it('agrees with the schema on every query of the common shape: accepts the same, with the same result', () => {
    fc.assert(
      fc.property(common, (query) => {
        expect(commonQuery(query) ?? 'refused').toEqual(bySchema(query));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts nothing the schema refuses, and leaves every other shape to the schema', () => {
    fc.assert(
      fc.property(other, (query) => {
        const checked = commonQuery(query);
        if (checked !== undefined) expect(checked).toEqual(bySchema(query));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the queries a search box sends', () => {
    expect(commonQuery({ q: '  golden river ' })).toEqual({ q: 'golden river', limit: 20 });
    expect(commonQuery({ q: 'river', limit: 50, cursor: 'abc' })).toEqual({
      q: 'river',
      limit: 50,
      cursor: 'abc',
    });
    expect(commonQuery({ q: 'river', limit: undefined, cursor: undefined })).toEqual({
      q: 'river',
      limit: 20,
    });
  });
});
