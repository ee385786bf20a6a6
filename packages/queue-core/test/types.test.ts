import {
  dailyAggregation,
  type SearchFullReindexPayload,
  type SearchIndexUpdatePayload,
  searchFullReindex,
  searchIndexUpdate,
} from '@yg/job-contracts';
import type { Job } from 'bullmq';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ContractQueue,
  type CoreDeps,
  createWorkerIfNotServerless,
  defineJobModule,
  type EnqueueResult,
  enqueue,
  enqueueBulk,
  type JobModule,
  lazyQueue,
  type QueueClient,
} from '../src/index';

// These tests are for the compiler: `pnpm test` type-checks this file, and every
// `@ts-expect-error` fails the run if the line it guards ever compiles. The calls sit in functions
// that never run, so nothing connects.

interface DbDeps {
  db: { query(sql: string): Promise<unknown> };
}
interface StorageDeps {
  storage: { get(key: string): Promise<Uint8Array> };
}

describe('a contract types its payload from producer to processor', () => {
  it('enqueue and enqueueBulk take the contract payload, and only it', () => {
    const typed = (client: QueueClient) => {
      expectTypeOf(
        client.enqueue(searchIndexUpdate, { entityType: 'asset', entityId: 'a1', operation: 'update' }),
      ).resolves.toEqualTypeOf<EnqueueResult>();
      // @ts-expect-error a misspelt field and a number for an id
      void client.enqueue(searchIndexUpdate, { entityTyp: 'asset', entityId: 1 });
      // @ts-expect-error the operation is required
      void enqueue(searchIndexUpdate, { entityType: 'asset', entityId: 'a1' });
      // Defaults are optional on the way in.
      void enqueue(searchFullReindex, {});
      void enqueueBulk(searchIndexUpdate, [{ entityType: 'creator', entityId: 'c1', operation: 'delete' }]);
      // @ts-expect-error every payload of a bulk is checked
      void enqueueBulk(searchIndexUpdate, [{ entityType: 'video', entityId: 'v1', operation: 'update' }]);
    };
    expectTypeOf(typed).toBeFunction();
  });

  it('a queue takes its own job name and payload, from the contract or from its name', () => {
    const typed = (client: QueueClient) => {
      const daily = lazyQueue(dailyAggregation);
      void daily.add('aggregate-daily', { date: '2026-11-28' });
      // @ts-expect-error the queue's only job is "aggregate-daily"
      void daily.add('aggregate-weekly', { date: '2026-11-28' });
      // @ts-expect-error a date is a string
      void daily.add('aggregate-daily', { date: 20261128 });
      expectTypeOf(client.queue('search-index-realtime')).toEqualTypeOf<
        ContractQueue<typeof searchIndexUpdate>
      >();
      expectTypeOf(lazyQueue('search-reindex')).toEqualTypeOf<ContractQueue<typeof searchFullReindex>>();
    };
    expectTypeOf(typed).toBeFunction();
  });

  it('a worker made from a contract or a catalog queue name sees the payload type', () => {
    const typed = () => {
      createWorkerIfNotServerless(searchIndexUpdate, async (job) => {
        expectTypeOf(job.data).toEqualTypeOf<SearchIndexUpdatePayload>();
        // @ts-expect-error no such field
        return job.data.noSuchField;
      });
      createWorkerIfNotServerless('search-reindex', async (job) => {
        expectTypeOf(job.data).toEqualTypeOf<SearchFullReindexPayload>();
      });
      // A queue yg-jobs knows nothing of: the payload is unknown until the processor checks it.
      createWorkerIfNotServerless('some-other-queue', async (job) => {
        expectTypeOf(job.data).toBeUnknown();
      });
    };
    expectTypeOf(typed).toBeFunction();
  });
});

describe('a module types each processor by its contract', () => {
  it('gives each inline processor its own payload and the module deps', () => {
    const module = defineJobModule<DbDeps>()({
      group: 'search',
      processors: {
        update: {
          contract: searchIndexUpdate,
          process: async (job, deps) => {
            expectTypeOf(job.data).toEqualTypeOf<SearchIndexUpdatePayload>();
            expectTypeOf(deps).toEqualTypeOf<DbDeps & CoreDeps>();
            // @ts-expect-error not a field of this contract
            return job.data.batchSize;
          },
        },
        reindex: {
          contract: searchFullReindex,
          process: async (job) => {
            expectTypeOf(job.data.batchSize).toEqualTypeOf<number>();
            expectTypeOf(job).toExtend<Job<SearchFullReindexPayload>>();
          },
        },
      },
      schedules: {
        weekly: { contract: searchFullReindex, pattern: '0 3 * * 0', payload: { entityType: 'asset' } },
        // @ts-expect-error a schedule's payload is checked against its contract
        broken: { contract: searchFullReindex, pattern: '0 3 * * 0', payload: { entityType: 'video' } },
      },
    });
    expectTypeOf(module.processors.update.contract).toEqualTypeOf<typeof searchIndexUpdate>();
  });

  it('fits a worker app that provides its deps, and not one that lacks them', () => {
    const needsStorage = {} as JobModule<StorageDeps & DbDeps>;
    const needsDb = {} as JobModule<DbDeps>;
    const app: readonly JobModule<DbDeps & { mailer: string }>[] = [needsDb];
    // @ts-expect-error the app provides no storage
    const lacking: readonly JobModule<DbDeps>[] = [needsStorage];
    expectTypeOf(app).not.toBeNever();
    expectTypeOf(lacking).not.toBeNever();
  });
});
