import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allContracts, BULK_SEARCH_MAX_IDS, type JobContract, searchBulkUpdate } from '../src/index';

// A contract's `quickParse` is held to its schema: never accepting what the schema refuses, and
// on the payload's usual shape accepting what the schema accepts, with the same result.
const bySchema = (contract: JobContract, payload: unknown) => {
  const parsed = contract.schema.safeParse(payload);
  return parsed.success ? parsed.data : 'refused';
};
const quick = (contract: JobContract, payload: unknown): unknown => contract.quickParse?.(payload);

// Ids whose length bounds, surrounding whitespace and NUL bytes matter, and anything at all.
const space = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u3000', '\ufeff'), maxLength: 2 });
const id = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\t', '\u3000', '\u0000'), maxLength: 5 }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(space, fc.integer({ min: 188, max: 193 }), space)
      .map(([before, length, after]) => `${before}${'a'.repeat(length)}${after}`),
  },
  { weight: 1, arbitrary: fc.anything() },
);
const validId = fc.string({ unit: fc.constantFrom('a', 'b', '_', '1'), minLength: 1, maxLength: 12 });
const ids = fc.oneof(
  { weight: 6, arbitrary: fc.array(id, { maxLength: 6 }) },
  { weight: 2, arbitrary: fc.array(validId, { minLength: 1, maxLength: 6 }) },
  // Either side of the bound on ids a job.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: BULK_SEARCH_MAX_IDS - 1, max: BULK_SEARCH_MAX_IDS + 1 }), validId)
      .map(([length, one]) => Array.from({ length }, (_, n) => `${one}${n}`)),
  },
  { weight: 1, arbitrary: fc.sparseArray(validId, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.anything() },
);
const entityType = fc.oneof(
  fc.constantFrom('asset', 'creator', 'project', 'license', 'blog_post'),
  fc.constantFrom('song', 'Asset', '', undefined, null, 1),
);
const usual = fc.oneof(
  fc.record({ entityType, entityIds: ids }, { requiredKeys: [] }),
  fc
    .record({ entityType, entityIds: ids })
    .map((payload) => Object.assign(Object.create(null) as object, payload)),
);
const other = fc.oneof(
  fc.anything(),
  fc
    .tuple(usual, fc.constantFrom('operation', 'ids', '__proto__', 'constructor'), fc.anything())
    .map(([payload, key, value]) => Object.defineProperty({ ...payload }, key, { value, enumerable: true })),
  usual.map((payload) => Object.assign(new (class Payload {})(), payload)),
  usual.map((payload) => Object.assign([], payload)),
);

describe("a contract's quickParse", () => {
  it('agrees with the bulk search schema on payloads of the usual shape: the same verdict, the same result', () => {
    fc.assert(
      fc.property(usual, (payload) => {
        expect(quick(searchBulkUpdate, payload) ?? 'refused').toEqual(bySchema(searchBulkUpdate, payload));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts nothing its schema refuses, whatever the payload', () => {
    const withQuickParse = allContracts.filter((contract) => contract.quickParse !== undefined);
    expect(withQuickParse).toContain(searchBulkUpdate);
    // By index, so that a failure prints a number rather than the whole contract.
    const index = fc.nat({ max: withQuickParse.length - 1 });
    fc.assert(
      fc.property(index, fc.oneof(usual, other), (at, payload) => {
        const contract = withQuickParse[at]!;
        const accepted = quick(contract, payload);
        if (accepted !== undefined) expect(accepted).toEqual(bySchema(contract, payload));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns ids of its own: changing the caller’s array afterwards changes no job', () => {
    const entityIds = ['a1', 'a2'];
    const payload = searchBulkUpdate.parse({ entityType: 'asset', entityIds });
    entityIds.push(' bad ');
    expect(payload.entityIds).toEqual(['a1', 'a2']);
  });

  it('leaves the naming of what is wrong to the schema', () => {
    expect(() => searchBulkUpdate.parse({ entityType: 'asset', entityIds: ['a1', ' a2'] })).toThrow(
      /entityIds\.1: must not have surrounding whitespace/,
    );
  });
});
