import { describe, expectTypeOf, it } from 'vitest';
import {
  type ContractOfQueue,
  contractOfQueue,
  type Payload,
  type PayloadInput,
  type QueuePayload,
  type SearchIndexUpdatePayload,
  type searchFullReindex,
  searchIndexUpdate,
} from '../src/index';

// Checked by `tsc` (the test command's typecheck step); the runtime assertions guard the lookup.
describe('the catalog types a queue by its name', () => {
  it('maps a queue name to its contract and payload', () => {
    expectTypeOf<ContractOfQueue<'search-index-realtime'>>().toEqualTypeOf<typeof searchIndexUpdate>();
    expectTypeOf<QueuePayload<'search-index-realtime'>>().toEqualTypeOf<SearchIndexUpdatePayload>();
    expectTypeOf<QueuePayload<'not-a-queue'>>().toBeUnknown();
    expectTypeOf(contractOfQueue('search-index-realtime')).toEqualTypeOf<
      typeof import('../src/index')['allContracts'][number] | undefined
    >();
  });

  it('tells the input of a payload (defaults optional) from what a processor gets', () => {
    expectTypeOf<PayloadInput<typeof searchFullReindex>>().toEqualTypeOf<{
      entityType?: 'asset' | 'creator' | 'project' | 'license' | 'blog_post' | undefined;
      batchSize?: number | undefined;
    }>();
    expectTypeOf<Payload<typeof searchFullReindex>['batchSize']>().toEqualTypeOf<number>();
  });

  it('finds a contract by queue at run time', ({ expect }) => {
    expect(contractOfQueue('search-index-realtime')).toBe(searchIndexUpdate);
    expect(contractOfQueue('no-such-queue')).toBeUndefined();
  });
});
