import { describe, expect, it } from 'vitest';
import {
  analyticsEnrichment,
  ContractValidationError,
  emailSend,
  type JobContract,
  notificationDelivery,
  notificationDigestUser,
  searchBulkUpdate,
  searchIndexUpdate,
  thumbnailGeneration,
  virusScan,
} from '../src/index';

function issuesOf(contract: JobContract, payload: unknown) {
  try {
    contract.parse(payload);
  } catch (error) {
    if (error instanceof ContractValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${contract.queue}/${contract.name} to refuse the payload`);
}

const email = { idempotencyKey: 'k1', to: 'ada@example.com', subject: 'Hi', text: 'Hello' };
const thumbnail = { assetId: 'a1', storageKey: 'u/a1.png', type: 'IMAGE', mimeType: 'image/png' };

// Every bounded field of every contract: a valid payload, the field, and its limit.
const bounded: [JobContract, Record<string, unknown>, string, number][] = [
  [searchIndexUpdate, { entityType: 'asset', entityId: 'a1', operation: 'update' }, 'entityId', 191],
  [notificationDelivery, { notificationId: 'n1' }, 'notificationId', 191],
  [notificationDigestUser, { userId: 'u1', frequency: 'DAILY' }, 'userId', 191],
  [virusScan, { assetId: 'a1' }, 'assetId', 191],
  [thumbnailGeneration, thumbnail, 'assetId', 191],
  [thumbnailGeneration, thumbnail, 'storageKey', 1024],
  [thumbnailGeneration, thumbnail, 'mimeType', 255],
  [emailSend, email, 'idempotencyKey', 191],
  [emailSend, email, 'subject', 998],
  [emailSend, email, 'text', 262_144],
  [emailSend, { ...email, html: '<p>Hello</p>' }, 'html', 524_288],
  [emailSend, { ...email, userId: 'u1' }, 'userId', 191],
  [emailSend, { ...email, template: 'digest' }, 'template', 64],
];

// Strings that would reach a limit only through a character a valid value never has.
const oversized = (field: string, length: number) =>
  field === 'mimeType' ? `image/${'x'.repeat(length - 6)}` : 'x'.repeat(length);

describe('contract limits', () => {
  for (const [contract, payload, field, limit] of bounded) {
    const job = `${contract.queue}/${contract.name}`;

    it(`${job}: ${field} takes ${limit} characters and refuses one more, naming field and limit`, () => {
      expect(() => contract.parse({ ...payload, [field]: oversized(field, limit) })).not.toThrow();
      const error = issuesOf(contract, { ...payload, [field]: oversized(field, limit + 1) });
      expect(error.issues).toEqual([{ field, message: expect.stringContaining(String(limit)) }]);
    });

    it(`${job}: ${field} refuses a NUL byte`, () => {
      const value = field === 'mimeType' ? 'image/p\u0000ng' : `a\u0000b`;
      const error = issuesOf(contract, { ...payload, [field]: value });
      expect(new Set(error.issues.map((i) => i.field))).toEqual(new Set([field]));
      expect(error.issues.map((i) => i.message)).toContain('must not contain NUL bytes');
    });
  }

  it('bound the recipient address (RFC 5321: 254 characters)', () => {
    const to = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.com`;
    expect(to.length).toBeGreaterThan(254);
    expect(issuesOf(emailSend, { ...email, to }).issues.map((i) => i.field)).toEqual(['to']);
    expect(issuesOf(emailSend, { ...email, to: 'ada\u0000@example.com' }).issues.map((i) => i.field)).toEqual(
      ['to'],
    );
  });

  it('bound id lists and name the element with a NUL byte', () => {
    const tooMany = Array.from({ length: 501 }, (_, n) => `a${n}`);
    expect(issuesOf(searchBulkUpdate, { entityType: 'asset', entityIds: tooMany }).issues).toEqual([
      { field: 'entityIds', message: expect.stringContaining('500') },
    ]);
    expect(
      issuesOf(analyticsEnrichment, { eventIds: ['e1', 'e\u00002'] }).issues.map((i) => i.field),
    ).toEqual(['eventIds.1']);
    expect(
      issuesOf(emailSend, { ...email, source: { kind: 'digest', digestId: 'd\u00001' } }).issues.map(
        (i) => i.field,
      ),
    ).toEqual(['source.digestId']);
  });
});
