import { describe, expect, it } from 'vitest';
import {
  allContracts,
  ContractValidationError,
  dailyAggregation,
  previewGeneration,
  searchFullReindex,
  searchIndexUpdate,
} from '../src/index';

function validationError(fn: () => unknown): ContractValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractValidationError) return error;
    throw error;
  }
  throw new Error('expected a ContractValidationError');
}

describe('job contracts', () => {
  it('give every job a queue of its own', () => {
    // One contract per queue: a worker's concurrency, limiter and lock belong to one job.
    const queues = allContracts.map((c) => c.queue);
    expect(new Set(queues).size).toBe(queues.length);
    const keys = allContracts.map((c) => `${c.queue}/${c.name}`);
    expect(keys).toContain('analytics-aggregate-daily/aggregate-daily');
    expect(keys).toContain('media-preview/generate-preview');
    expect(keys).toContain('media-virus-scan/scan');
  });

  it('carry bounded retention and exponential backoff', () => {
    for (const contract of allContracts) {
      const { attempts, backoff, removeOnComplete, removeOnFail } = contract.defaultJobOptions;
      expect(attempts).toBeGreaterThanOrEqual(1);
      expect(backoff.type).toBe('exponential');
      expect(removeOnComplete.count).toBeGreaterThan(0);
      expect(removeOnFail.age).toBeGreaterThan(0);
    }
  });

  it('accept a valid payload and apply defaults', () => {
    expect(searchIndexUpdate.parse({ entityType: 'asset', entityId: 'a1', operation: 'update' })).toEqual({
      entityType: 'asset',
      entityId: 'a1',
      operation: 'update',
    });
    expect(searchFullReindex.parse({ entityType: 'creator' })).toEqual({
      entityType: 'creator',
      batchSize: 500,
    });
  });

  it('name the field of a wrong type or value', () => {
    const error = validationError(() =>
      searchIndexUpdate.parse({ entityType: 'video', entityId: 42, operation: 'update' }),
    );
    expect(error.job).toBe('search-index-realtime/update');
    expect(error.issues.map((i) => i.field)).toEqual(['entityType', 'entityId']);
    expect(error.message).toMatch(/entityType: .*asset/);
  });

  it('reject unknown keys by name', () => {
    const error = validationError(() => dailyAggregation.parse({ date: '2025-10-18', dryRun: true }));
    expect(error.issues).toEqual([{ field: 'dryRun', message: 'unknown field' }]);
    expect(error.message).toContain('dryRun: unknown field');
  });

  it('accept only real calendar dates', () => {
    expect(dailyAggregation.parse({ date: '2024-02-29' })).toEqual({ date: '2024-02-29' });
    for (const date of ['2025-02-29', '2025-13-01', '2025-10-32', '18-10-2025', '2025-10-18T00:00:00Z']) {
      expect(() => dailyAggregation.parse({ date }), date).toThrow(/date:/);
    }
  });

  it('refuse storage keys that escape the storage root', () => {
    const base = { assetId: 'a1', type: 'VIDEO', mimeType: 'video/mp4' };
    expect(previewGeneration.parse({ ...base, storageKey: 'uploads/a1/clip.mp4' }).storageKey).toBe(
      'uploads/a1/clip.mp4',
    );
    for (const storageKey of ['../etc/passwd', 'uploads/../../x', '/etc/passwd', 'a\\b']) {
      expect(() => previewGeneration.parse({ ...base, storageKey }), storageKey).toThrow(/storageKey:/);
    }
    expect(() => previewGeneration.parse({ ...base, storageKey: 'a', type: 'IMAGE' })).toThrow(/type:/);
  });

  it('deduplicate by entity, keeping the last update while one is active', () => {
    const payload = searchIndexUpdate.parse({ entityType: 'asset', entityId: 'a1', operation: 'update' });
    expect(searchIndexUpdate.deduplication?.id(payload)).toBe('search:asset:a1');
    expect(searchIndexUpdate.deduplication?.keepLastIfActive).toBe(true);
  });
});
