import type { PrismaClient } from '@yg/db';
import { worldTest as it } from '@yg/testing/world';
import { describe, expect } from 'vitest';
import { claimDelivery } from '../src/email/delivery-record';

let db: PrismaClient;

it.beforeAll(async ({ database }) => {
  db = database.db;
});

const now = new Date('2026-03-02T09:00:00Z');
const email = (key: string) => ({
  idempotencyKey: key,
  to: 'ada@example.com',
  subject: 'Hello',
  text: 'Hello there',
  template: 'test',
});
const row = (key: string) => db.emailDelivery.findUniqueOrThrow({ where: { idempotencyKey: key } });

describe('claiming an email (one statement records and claims)', () => {
  it('records a new email SENDING with its first attempt', async () => {
    const key = `claim-new:${crypto.randomUUID()}`;
    expect(await claimDelivery(db, email(key), now)).toBe('claimed');
    expect(await row(key)).toMatchObject({
      status: 'SENDING',
      attempts: 1,
      recipient: 'ada@example.com',
      subject: 'Hello',
      template: 'test',
    });
  });

  it('claims a row put back PENDING again, counting one more attempt', async () => {
    const key = `claim-pending:${crypto.randomUUID()}`;
    await claimDelivery(db, email(key), now);
    await db.emailDelivery.update({ where: { idempotencyKey: key }, data: { status: 'PENDING' } });
    expect(await claimDelivery(db, email(key), now)).toBe('claimed');
    expect(await row(key)).toMatchObject({ status: 'SENDING', attempts: 2 });
  });

  it('claims nothing that is not PENDING, and says what the row is', async () => {
    for (const status of ['SENDING', 'SENT', 'FAILED', 'UNCONFIRMED'] as const) {
      const key = `claim-${status}:${crypto.randomUUID()}`;
      await claimDelivery(db, email(key), now);
      await db.emailDelivery.update({ where: { idempotencyKey: key }, data: { status } });
      expect(await claimDelivery(db, email(key), now)).toBe(status);
      expect(await row(key)).toMatchObject({ status, attempts: 1 });
    }
  });

  it('hands one claim to one of two attempts for a key in the same statement, beside other emails', async () => {
    const key = `claim-twice:${crypto.randomUUID()}`;
    const other = `claim-other:${crypto.randomUUID()}`;
    const results = await Promise.all([
      claimDelivery(db, email(key), now),
      claimDelivery(db, email(other), now),
      claimDelivery(db, email(key), now),
    ]);
    expect(results).toEqual(['claimed', 'claimed', 'SENDING']);
    expect(await row(key)).toMatchObject({ status: 'SENDING', attempts: 1 });
  });
});
