import { ContractValidationError, emailSend, searchBulkUpdate, searchIndexUpdate } from '@yg/job-contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { adminRedis, deleteKeys, testClient } from './fixtures';

const client = testClient();
const redis = adminRedis();

afterAll(async () => {
  await client.close();
  await deleteKeys(redis, client.config.prefix);
});

async function refusal(attempt: Promise<unknown>): Promise<ContractValidationError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractValidationError);
  return error as ContractValidationError;
}

describe('enqueue refuses what PostgreSQL or Redis should never get', () => {
  it('a NUL byte in an id, naming the field, before anything reaches Redis', async () => {
    const error = await refusal(
      client.enqueue(searchIndexUpdate, { entityType: 'asset', entityId: 'a\u00001', operation: 'update' }),
    );
    expect(error.issues).toEqual([{ field: 'entityId', message: 'must not contain NUL bytes' }]);

    const bulk = await refusal(
      client.enqueueBulk(searchBulkUpdate, [{ entityType: 'asset', entityIds: ['a1', 'a\u00002'] }]),
    );
    expect(bulk.issues.map((i) => i.field)).toEqual(['entityIds.1']);
    expect(await client.queue(searchIndexUpdate).count()).toBe(0);
    expect(await client.queue(searchBulkUpdate).count()).toBe(0);
  });

  it('a 5 MB email text, naming the field and the limit', async () => {
    const error = await refusal(
      client.enqueue(emailSend, {
        idempotencyKey: 'big-1',
        to: 'ada@example.com',
        subject: 'Hi',
        text: 'x'.repeat(5 * 1024 * 1024),
      }),
    );
    expect(error.issues).toEqual([{ field: 'text', message: 'must be at most 262144 characters' }]);
    expect(await client.queue(emailSend).count()).toBe(0);
  });
});
